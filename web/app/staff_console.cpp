// The staff console: the header's school, "Rechercher", a person and the actions,
// "Avancement" and its missing people, "Journal". Letters come back as PDF files.
#include <nlohmann/json.hpp>

#include "shared/messages.h"
#include "web/app/answers.h"
#include "web/app/navigation.h"
#include "web/app/routes.h"
#include "web/app/staff.h"

namespace sesame::web::staff {

namespace {

using nlohmann::json;

const std::string kApi = "/api/v1/staff";
constexpr const char* kPdf = "application/pdf";

HttpRequest get(RequestKind kind, std::string path) { return HttpRequest{kind, "GET", std::move(path), ""}; }

std::string school_path(const AppState& state, const std::string& what) {
  return kApi + "/schools/" + state.staff.console.uai + what;
}

std::string person_path(const AppState& state, const std::string& what = {}) {
  const StaffConsoleState& console = state.staff.console;
  return kApi + "/people/" + console.person_kind + "/" + console.person_id + what;
}

// What the part shown needs from the server: asked each time it opens.
void load_tab(AppState& state, std::vector<Request>& out) {
  const StaffConsoleState& console = state.staff.console;
  if (console.uai.empty()) return;
  if (console.tab == StaffTab::Progress) out.push_back(get(RequestKind::StaffProgress, school_path(state, "/progress")));
  if (console.tab == StaffTab::Audit) out.push_back(get(RequestKind::StaffAudit, school_path(state, "/audit")));
}

void load_profile(AppState& state, std::vector<Request>& out) {
  StaffConsoleState& console = state.staff.console;
  if (console.profile || console.profile_asked) return;
  console.profile_asked = true;
  out.push_back(get(RequestKind::StaffMe, kApi + "/me"));
}

bool console_request(RequestKind kind) {
  switch (kind) {
    case RequestKind::StaffMe:
    case RequestKind::StaffSearch:
    case RequestKind::StaffPerson:
    case RequestKind::StaffLetter:
    case RequestKind::StaffUnlock:
    case RequestKind::StaffCloseSessions:
    case RequestKind::StaffClassLetters:
    case RequestKind::StaffProgress:
    case RequestKind::StaffMissing:
    case RequestKind::StaffAudit:
      return true;
    default:
      return false;
  }
}

// Letters in a search: what is neither a space nor a separator of names counts.
std::size_t letters_in(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b & 0xC0) == 0x80) continue;  // the rest of a character already counted
    if (c == ' ' || c == '-' || c == '\'' || c == '.') continue;
    ++n;
  }
  return n;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

bool is_pdf(const std::string& body) { return body.starts_with("%PDF-"); }

// The letter of the person shown, or of a class, handed to the platform as a file.
bool save_letter(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  if (!is_pdf(answer.body)) return false;
  StaffConsoleState& console = state.staff.console;
  std::string name;
  if (answer.kind == RequestKind::StaffClassLetters) {
    name = file_name("lettres " + (console.acting_class.empty() ? std::string("sans classe") : console.acting_class));
    console.success = "Les lettres de la classe " + class_words(console.acting_class) +
                      " ont été téléchargées : " + name +
                      ". Imprimez-les et remettez-les aux élèves : les mots de passe provisoires des lettres "
                      "précédentes ne fonctionnent plus.";
  } else if (console.person && console.person->kind == "guardian") {
    name = file_name("lettre activation " + console.person->last_name + " " + console.person->first_name);
    console.success = "La lettre d'activation a été téléchargée : " + name +
                      ". Imprimez-la et remettez-la au responsable : elle lui permet d'activer son compte.";
  } else {
    const std::string who = console.person ? console.person->last_name + " " + console.person->first_name : "";
    name = file_name("lettre " + who);
    console.success = "La lettre a été téléchargée : " + name +
                      ". Imprimez-la et remettez-la à l'élève : son mot de passe provisoire précédent ne "
                      "fonctionne plus.";
  }
  out.push_back(SaveFile{name, kPdf, answer.body});
  return true;
}

bool accepted(AppState& state, std::vector<Request>& out, const HttpAnswered& answer, const json& body) {
  StaffConsoleState& console = state.staff.console;
  switch (answer.kind) {
    case RequestKind::StaffMe: {
      auto decoded = api::decode<api::StaffProfile>(body);
      console.profile_asked = false;
      if (!decoded) return false;
      console.profile = std::move(*decoded);
      if (!chosen_school(state))
        console.uai = console.profile->schools.empty() ? std::string() : console.profile->schools.front().uai;
      if (state.screen == Screen::StaffConsole) load_tab(state, out);
      return true;
    }
    case RequestKind::StaffSearch: {
      auto decoded = api::decode<api::PeopleAnswer>(body);
      if (!decoded) return false;
      console.results = std::move(*decoded);
      return true;
    }
    case RequestKind::StaffPerson:
    case RequestKind::StaffUnlock:
    case RequestKind::StaffCloseSessions: {
      auto decoded = api::decode<api::PersonDetails>(body);
      if (!decoded) return false;
      // An answer about someone else than the person shown now (the page changed meanwhile).
      if (decoded->kind != console.person_kind || decoded->id != console.person_id) return true;
      console.person = std::move(*decoded);
      if (answer.kind == RequestKind::StaffUnlock)
        console.success = "Le compte est débloqué : la personne peut de nouveau se connecter.";
      if (answer.kind == RequestKind::StaffCloseSessions)
        console.success = "Toutes les sessions du compte sont fermées : la personne devra se reconnecter.";
      console.acting = StaffAction::None;
      return true;
    }
    case RequestKind::StaffLetter:
    case RequestKind::StaffClassLetters: {
      const bool saved = save_letter(state, out, answer);
      console.acting = StaffAction::None;
      console.acting_class.clear();
      // The letters issued are part of the person: asked again.
      if (saved && answer.kind == RequestKind::StaffLetter && state.screen == Screen::StaffPerson)
        out.push_back(get(RequestKind::StaffPerson, person_path(state)));
      return saved;
    }
    case RequestKind::StaffProgress: {
      auto decoded = api::decode<api::SchoolProgress>(body);
      if (!decoded) return false;
      if (!decoded->school.uai.empty() && decoded->school.uai != console.uai) return true;  // another school's
      console.progress = std::move(*decoded);
      return true;
    }
    case RequestKind::StaffMissing: {
      auto decoded = api::decode<api::PeopleAnswer>(body);
      if (!decoded) return false;
      console.missing = std::move(*decoded);
      return true;
    }
    case RequestKind::StaffAudit: {
      auto decoded = api::decode<api::AuditAnswer>(body);
      if (!decoded) return false;
      console.audit = std::move(*decoded);
      return true;
    }
    default:
      return true;
  }
}

void refused(AppState& state, std::vector<Request>&, const HttpAnswered& answer, const api::ErrorBody& error) {
  StaffConsoleState& console = state.staff.console;
  console.acting = StaffAction::None;
  console.acting_class.clear();
  if (answer.kind == RequestKind::StaffMe) console.profile_asked = false;
  if (answer.kind == RequestKind::StaffMissing) console.missing_class.reset();
  if (error.code == "invalid_search") return show_refusal(state, error, Field::StaffSearchName);
  show_refusal(state, error, std::nullopt);
}

// Carries out an action (confirmed, or one that needs no confirmation).
// (By value: the class often comes from the state this clears.)
void act(AppState& state, std::vector<Request>& out, StaffAction action, std::string class_name) {
  StaffConsoleState& console = state.staff.console;
  console.confirming = StaffAction::None;
  console.confirming_class.clear();
  console.success.clear();
  console.acting = action;
  console.acting_class = class_name;
  const json empty = json::object();
  switch (action) {
    case StaffAction::Letter:
      return post_form(state, out, RequestKind::StaffLetter, person_path(state, "/letter"), empty);
    case StaffAction::Unlock:
      return post_form(state, out, RequestKind::StaffUnlock, person_path(state, "/unlock"), empty);
    case StaffAction::CloseSessions:
      return post_form(state, out, RequestKind::StaffCloseSessions, person_path(state, "/close-sessions"), empty);
    case StaffAction::ClassLetters:
      return post_form(state, out, RequestKind::StaffClassLetters, school_path(state, "/letters"),
                       api::ClassLetters{class_name});
    case StaffAction::None:
      console.acting = StaffAction::None;
      return;
  }
}

}  // namespace

bool is_staff_screen(Screen screen) {
  return screen == Screen::StaffSignIn || screen == Screen::StaffCode || screen == Screen::StaffInvitation ||
         screen == Screen::StaffConsole || screen == Screen::StaffPerson;
}

const api::School* chosen_school(const AppState& state) {
  const StaffConsoleState& console = state.staff.console;
  if (!console.profile) return nullptr;
  for (const api::School& school : console.profile->schools)
    if (school.uai == console.uai) return &school;
  return nullptr;
}

bool can_act(const api::PersonDetails& person, StaffAction action) {
  const std::string& s = person.account.state;
  switch (action) {
    case StaffAction::Letter:
      if (person.kind == "guardian") return s == "none" || s == "not_activated";
      return s != "none" && s != "disabled" && s != "closed";
    case StaffAction::Unlock:
      return s == "locked";
    case StaffAction::CloseSessions:
      return person.account.open_sessions > 0;
    default:
      return false;
  }
}

void enter_console(AppState& state, std::vector<Request>& out) {
  StaffConsoleState& console = state.staff.console;
  console.confirming = StaffAction::None;
  if (!console.profile) return load_profile(state, out);
  load_tab(state, out);
}

void enter_person(AppState& state, std::vector<Request>& out, std::string_view route) {
  const std::optional<PersonRef> ref = staff_person_of(route);
  if (!ref) return;
  StaffConsoleState& console = state.staff.console;
  if (ref->kind != console.person_kind || ref->id != console.person_id) {
    console.person.reset();
    console.success.clear();
    console.person_kind = ref->kind;
    console.person_id = ref->id;
  }
  console.confirming = StaffAction::None;
  load_profile(state, out);
  out.push_back(get(RequestKind::StaffPerson, person_path(state)));
}

void pick_school(AppState& state, std::vector<Request>& out, const std::string& uai) {
  StaffConsoleState& console = state.staff.console;
  if (state.busy || !console.profile || uai == console.uai) return;
  const std::string before = console.uai;
  console.uai = uai;
  if (!chosen_school(state)) {
    console.uai = before;
    return;
  }
  console.results.reset();
  console.progress.reset();
  console.missing.reset();
  console.missing_class.reset();
  console.audit.reset();
  console.confirming = StaffAction::None;
  console.success.clear();
  state.form_error.clear();
  load_tab(state, out);
}

void pick_tab(AppState& state, std::vector<Request>& out, StaffTab tab) {
  StaffConsoleState& console = state.staff.console;
  if (state.busy || state.screen != Screen::StaffConsole) return;
  console.tab = tab;
  console.confirming = StaffAction::None;
  console.success.clear();
  state.form_error.clear();
  state.field_errors.clear();
  load_tab(state, out);
}

void pick_kind(AppState& state, StaffKindFilter kind) {
  if (state.busy) return;
  state.staff.console.kind = kind;
}

void submit_search(AppState& state, std::vector<Request>& out) {
  StaffConsoleState& console = state.staff.console;
  if (state.busy || state.screen != Screen::StaffConsole || console.uai.empty()) return;
  state.field_errors.clear();
  state.form_error.clear();
  const std::string query = trimmed(console.query);
  const std::string class_name = trimmed(console.class_name);
  if (letters_in(query) < 2 && class_name.empty()) {
    state.field_errors[Field::StaffSearchName] = french_message("invalid_search");
    return;
  }
  std::string path = kApi + "/people?uai=" + url_encode(console.uai);
  if (!query.empty()) path += "&q=" + url_encode(query);
  if (!class_name.empty()) path += "&class=" + url_encode(class_name);
  if (console.kind == StaffKindFilter::Pupils) path += "&kind=pupil";
  if (console.kind == StaffKindFilter::Guardians) path += "&kind=guardian";
  state.busy = true;
  out.push_back(get(RequestKind::StaffSearch, std::move(path)));
}

void open_person(AppState& state, std::vector<Request>& out, const std::string& kind, const std::string& id) {
  const std::string route = staff_person_route(kind, id);
  if (state.busy || !staff_person_of(route)) return;
  show(state, Screen::StaffPerson);
  out.push_back(PushRoute{route});
  enter_person(state, out, route);
}

void press_action(AppState& state, std::vector<Request>& out, StaffAction action, const std::string& class_name) {
  StaffConsoleState& console = state.staff.console;
  if (state.busy) return;
  if (action == StaffAction::ClassLetters) {
    if (state.screen != Screen::StaffConsole || console.uai.empty()) return;
  } else if (state.screen != Screen::StaffPerson || !console.person || !can_act(*console.person, action)) {
    return;
  }
  state.form_error.clear();
  console.success.clear();
  // Unlocking replaces nothing: done at once. A letter replaces a temporary password,
  // closing sessions signs the person out: said first, then confirmed.
  if (action == StaffAction::Unlock) return act(state, out, action, class_name);
  console.confirming = action;
  console.confirming_class = class_name;
}

void confirm_action(AppState& state, std::vector<Request>& out) {
  StaffConsoleState& console = state.staff.console;
  if (state.busy || console.confirming == StaffAction::None) return;
  act(state, out, console.confirming, console.confirming_class);
}

void cancel_action(AppState& state) {
  state.staff.console.confirming = StaffAction::None;
  state.staff.console.confirming_class.clear();
}

void show_missing(AppState& state, std::vector<Request>& out, const std::string& class_name) {
  StaffConsoleState& console = state.staff.console;
  if (state.busy || state.screen != Screen::StaffConsole || console.uai.empty()) return;
  console.missing_class = class_name;
  console.missing.reset();
  out.push_back(get(RequestKind::StaffMissing, school_path(state, "/missing?class=" + url_encode(class_name))));
}

void sign_out(AppState& state, std::vector<Request>& out) {
  out.push_back(HttpRequest{RequestKind::StaffSignOut, "DELETE", kApi + "/session", ""});
  state.staff.console = StaffConsoleState{};
  go(state, out, Screen::StaffSignIn);
  state.notice = Notice::StaffSignedOut;
}

void session_lost(AppState& state, std::vector<Request>& out) {
  // A session that was open ended; an address opened without one just asks to sign in.
  const bool was_signed_in = state.staff.console.profile.has_value();
  state.staff.console = StaffConsoleState{};
  const std::string email = state.staff.sign_in.email;
  state.staff.sign_in = StaffSignInForm{};
  state.staff.sign_in.email = email;
  go(state, out, Screen::StaffSignIn);
  if (was_signed_in) state.notice = Notice::StaffSessionEnded;
}

Screen reachable(const AppState& state, Screen screen, std::string_view route) {
  if (screen == Screen::StaffCode && state.staff.sign_in.flow.empty()) return Screen::StaffSignIn;
  if (screen == Screen::StaffPerson && !staff_person_of(route)) return Screen::StaffConsole;
  return screen;
}

std::string route_now(const AppState& state, Screen screen) {
  const StaffConsoleState& console = state.staff.console;
  if (screen == Screen::StaffPerson && !console.person_id.empty())
    return staff_person_route(console.person_kind, console.person_id);
  if (screen == Screen::StaffInvitation && !state.staff.invitation.token.empty())
    return std::string(route_of(screen)) + "/" + state.staff.invitation.token;
  return std::string(route_of(screen));
}

std::string* field(AppState& state, Field f) {
  StaffState& staff = state.staff;
  switch (f) {
    case Field::StaffEmail: return &staff.sign_in.email;
    case Field::StaffPassword: return &staff.sign_in.password;
    case Field::StaffTotpCode:
      return state.screen == Screen::StaffInvitation ? &staff.invitation.code : &staff.sign_in.code;
    case Field::StaffRecoveryCode: return &staff.sign_in.recovery_code;
    case Field::StaffNewPassword: return &staff.invitation.password;
    case Field::StaffConfirmation: return &staff.invitation.confirmation;
    case Field::StaffSearchName: return &staff.console.query;
    case Field::StaffSearchClass: return &staff.console.class_name;
    default: return nullptr;
  }
}

void toggle_password_shown(AppState& state) {
  if (state.screen == Screen::StaffSignIn) state.staff.sign_in.password_shown = !state.staff.sign_in.password_shown;
  if (state.screen == Screen::StaffInvitation)
    state.staff.invitation.password_shown = !state.staff.invitation.password_shown;
}

void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  if (answer.kind == RequestKind::StaffSignOut) return;  // the page already left
  if (!console_request(answer.kind)) return answered_access(state, out, answer);
  // The staff session ended (15 minutes idle), or the browser holds a parent's instead.
  if (answer.status == 401 ||
      (answer.status == 403 && read_error(answer.status, answer.body).code == "staff_only")) {
    state.busy = false;
    if (is_staff_screen(state.screen)) session_lost(state, out);
    return;
  }
  follow_answer(state, out, answer, accepted, refused);
}

}  // namespace sesame::web::staff
