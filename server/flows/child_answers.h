#pragma once
// The parent's answers about children ("Je suis / Je ne suis pas le
// représentant légal", "Né(e) le"), the same in account creation and for a
// child newly known to the schools: each id must be one that was offered,
// answered once.
#include <functional>
#include <optional>
#include <string_view>

#include "server/flows/refusal.h"
#include "shared/api.h"

namespace sesame::flows {

// invalid_field_value on "children[i].id" for the first id not offered or
// given twice; nullopt when every answer is about an offered child.
std::optional<Refusal> check_answered_ids(const api::ChildrenConfirm& request,
                                          const std::function<bool(std::string_view id)>& offered);

}  // namespace sesame::flows
