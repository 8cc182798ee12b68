#include "server/flows/refusal.h"

#include "server/http/errors.h"
#include "shared/messages.h"

namespace sesame::flows {

int status_for(std::string_view code) {
  if (code == "flow_expired" || code == "flow_locked" || code == "flow_completed") return 410;
  if (code == "flow_step_out_of_order" || code == "franceconnect_already_active" ||
      code == "child_account_disabled")
    return 409;
  if (code == "first_sign_in_locked" || code == "invitation_expired" || code == "invitation_used") return 410;
  if (code == "no_account" || code == "account_already_active") return 409;
  if (code == "invitation_unknown" || code == "person_not_found" || code == "class_not_found") return 404;
  if (code == "parents_only" || code == "child_not_confirmed" || code == "staff_only" ||
      code == "school_not_yours")
    return 403;
  if (code == "franceconnect_unavailable") return 503;
  if (code == "too_many_requests" || code == "too_many_attempts") return 429;
  if (code == "invalid_credentials" || code == "invalid_current_password" || code == "not_authenticated" ||
      code == "temporary_password_expired" || code == "invalid_totp_code" || code == "totp_code_reused" ||
      code == "invalid_recovery_code")
    return 401;
  return 400;
}

void send_refusal(httplib::Response& res, const Refusal& refusal) {
  api::ErrorBody body = api::error_body(field_error(refusal.code));
  if (!refusal.message.empty()) body.message = refusal.message;
  if (!refusal.field.empty()) body.field = refusal.field;
  body.remaining_attempts = refusal.remaining_attempts;
  body.retry_after_seconds = refusal.retry_after_seconds;
  body.children = refusal.children;
  body.failed_rules = refusal.failed_rules;
  if (refusal.retry_after_seconds)
    res.set_header("Retry-After", std::to_string(*refusal.retry_after_seconds));
  http::send_error(res, status_for(refusal.code), body);
}

}  // namespace sesame::flows
