#include "server/flows/flow_store.h"

#include "server/security/secrets.h"

namespace sesame::flows {

namespace {

constexpr const char* kColumns =
    "SELECT id, kind, state, guardian_id, account_id, coalesce(phone_e164, ''), data, expires_at, code_hash, "
    "       coalesce(code_expires_at, 0), code_attempts, resend_count, coalesce(last_sent_at, 0) "
    "FROM flows ";

FlowRow read_row(const store::Statement& query) {
  FlowRow flow;
  flow.id = query.text(0);
  flow.kind = query.text(1);
  flow.state = query.text(2);
  flow.guardian_id = query.optional_integer(3);
  flow.account_id = query.optional_integer(4);
  flow.phone_e164 = query.text(5);
  flow.data = query.text(6);
  flow.expires_at = query.integer(7);
  flow.code_hash = query.optional_text(8);
  flow.code_expires_at = query.integer(9);
  flow.code_attempts = static_cast<int>(query.integer(10));
  flow.resend_count = static_cast<int>(query.integer(11));
  flow.last_sent_at = query.integer(12);
  return flow;
}

Refusal refusal(std::string code) { return Refusal{.code = std::move(code)}; }

// Tied to the flow and its kind, so equal codes of two flows never share a hash.
std::string code_hash(const Services& services, const FlowRow& flow, std::string_view code) {
  return services.keyed_hasher.hash(flow.kind + "-code:" + flow.id + ":" + std::string(code));
}

}  // namespace

void insert_flow(store::Connection& connection, const FlowRow& flow, std::int64_t now) {
  store::Statement insert = connection.query(
      "INSERT INTO flows (id, kind, state, guardian_id, account_id, phone_e164, data, created_at, "
      "updated_at, "
      "                   expires_at, code_hash, code_expires_at, code_attempts, resend_count, last_sent_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
      flow.id, flow.kind, flow.state);
  insert.bind(4, flow.guardian_id);
  insert.bind(5, flow.account_id);
  insert.bind(6, flow.phone_e164)
      .bind(7, flow.data)
      .bind(8, now)
      .bind(9, flow.expires_at)
      .bind(10, flow.code_hash)
      .bind(11, flow.code_expires_at)
      .bind(12, flow.code_attempts)
      .bind(13, flow.resend_count)
      .bind(14, flow.last_sent_at);
  insert.run();
}

std::optional<FlowRow> find_flow(store::Connection& connection, std::string_view id, std::string_view kind) {
  store::Statement query = connection.query(std::string(kColumns) + "WHERE id = ?1 AND kind = ?2", id, kind);
  if (!query.step()) return std::nullopt;
  return read_row(query);
}

std::optional<FlowRow> find_account_flow(store::Connection& connection, std::int64_t account_id,
                                         std::string_view kind) {
  store::Statement query = connection.query(std::string(kColumns) +
                                                "WHERE account_id = ?1 AND kind = ?2 "
                                                "ORDER BY created_at DESC, rowid DESC LIMIT 1",
                                            account_id, kind);
  if (!query.step()) return std::nullopt;
  return read_row(query);
}

void delete_account_flows(store::Connection& connection, std::int64_t account_id, std::string_view kind) {
  connection.run("DELETE FROM flows WHERE account_id = ?1 AND kind = ?2", account_id, kind);
}

void update_flow(store::Connection& connection, const FlowRow& flow, std::int64_t now) {
  connection.run(
      "UPDATE flows SET state = ?2, updated_at = ?3, expires_at = ?4, code_hash = ?5, code_expires_at = ?6, "
      "                 code_attempts = ?7, resend_count = ?8, last_sent_at = ?9, data = ?10 "
      "WHERE id = ?1",
      flow.id, flow.state, now, flow.expires_at, flow.code_hash, flow.code_expires_at, flow.code_attempts,
      flow.resend_count, flow.last_sent_at, flow.data);
}

std::optional<Refusal> check_alive(const std::optional<FlowRow>& flow, std::int64_t now) {
  if (!flow) return refusal("flow_expired");
  if (flow->state == kDone) return refusal("flow_completed");
  if (flow->state == kLocked) return refusal("flow_locked");
  if (now >= flow->expires_at) return refusal("flow_expired");
  return std::nullopt;
}

std::optional<Refusal> check_step(const std::optional<FlowRow>& flow, std::string_view expected,
                                  std::int64_t now) {
  if (auto dead = check_alive(flow, now)) return dead;
  if (flow->state != expected) return refusal("flow_step_out_of_order");
  return std::nullopt;
}

std::string issue_code(FlowRow& flow, const Services& services, std::int64_t now) {
  const SmsCodeConfig& config = services.security.sms_code;
  std::string code = security::random_digits(static_cast<std::size_t>(config.digits));
  flow.code_hash = code_hash(services, flow, code);
  flow.code_expires_at = now + config.validity.count();
  return code;
}

std::optional<Refusal> spend_code(FlowRow& flow, std::string_view typed, const Services& services,
                                  std::int64_t now) {
  if (now >= flow.code_expires_at) return refusal("flow_expired");
  // A flow without a code (nobody matched) finds every code wrong, after the same work.
  const std::string typed_hash = code_hash(services, flow, typed);
  if (flow.code_hash && security::constant_time_equal(typed_hash, *flow.code_hash)) {
    flow.code_hash.reset();  // single use
    return std::nullopt;
  }
  flow.code_attempts += 1;
  const int remaining = services.security.sms_code.max_attempts - flow.code_attempts;
  if (remaining <= 0) {
    flow.state = kLocked;
    return refusal("flow_locked");
  }
  Refusal refused = refusal("invalid_code");
  refused.field = "code";
  refused.remaining_attempts = remaining;
  return refused;
}

}  // namespace sesame::flows
