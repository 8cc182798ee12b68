#include "server/flows/child_answers.h"

#include <set>
#include <string>

namespace sesame::flows {

std::optional<Refusal> check_answered_ids(const api::ChildrenConfirm& request,
                                          const std::function<bool(std::string_view id)>& offered) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < request.children.size(); ++i) {
    const std::string& id = request.children[i].id;
    if (!offered(id) || !seen.insert(id).second)
      return Refusal{.code = "invalid_field_value", .field = "children[" + std::to_string(i) + "].id"};
  }
  return std::nullopt;
}

}  // namespace sesame::flows
