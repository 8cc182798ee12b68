// The screens drawn by ImGui without a window or GPU: what the bridge reports is
// what a browser would show, so layout, glyphs and clicks can be checked here.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <iterator>
#include <string>
#include <tuple>

#include "imgui.h"
#include "imgui_internal.h"
#include "web/app/update.h"
#include "web/ui/app_view.h"
#include "web/ui/bridge.h"
#include "web/ui/fonts.h"
#include "web/ui/kit.h"

using namespace sesame::web;
using ui::bridge::Widget;
namespace api = sesame::api;

namespace {

std::vector<unsigned char> read_font(const char* name) {
  std::ifstream in(std::string(SESAME_TEST_FONTS_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// An ImGui context drawing the app at a given CSS size and density.
class Headless {
 public:
  Headless(float css_width, float css_height, float dpr) {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    metrics_ = ui::Metrics{dpr, css_width, css_height};
    io.DisplaySize = ImVec2(css_width * dpr, css_height * dpr);
    files_.regular = read_font("DejaVuSans-subset.ttf");
    files_.bold = read_font("DejaVuSans-Bold-subset.ttf");
    REQUIRE(files_.complete());
    fonts_ = ui::build_fonts(*io.Fonts, files_, metrics_);
    REQUIRE(fonts_.ready());
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    ui::apply_style(ImGui::GetStyle(), metrics_);
  }
  ~Headless() { ImGui::DestroyContext(context_); }

  // Draws frames and feeds the parent's actions back into the state, like the host.
  void frames(AppState& state, int count = 3, float scroll_by = 0) {
    for (int i = 0; i < count; ++i) {
      ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
      ImGui::NewFrame();
      ui::bridge::begin_frame();
      ui::ViewInput input{metrics_, &fonts_, i == 0 ? scroll_by : 0, std::nullopt};
      if (page_scroll) input.page_scroll = *page_scroll;
      auto events = ui::draw_app(state, input);
      ImGui::Render();
      ui::bridge::end_frame();
      for (const auto& event : events) {
        seen_.push_back(event);
        update(state, event);
      }
    }
  }

  const Widget* find(std::string_view test_id) const {
    for (const auto& w : ui::bridge::widgets())
      if (w.test_id == test_id) return &w;
    return nullptr;
  }

  void click(AppState& state, const Widget& w) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent((w.min.x + w.max.x) * 0.5f, (w.min.y + w.max.y) * 0.5f);
    frames(state, 1);
    io.AddMouseButtonEvent(0, true);
    frames(state, 1);
    io.AddMouseButtonEvent(0, false);
    frames(state, 2);
  }

  // Scrolls (like a finger on a phone) until the widget is wholly in view.
  const Widget* scroll_to(AppState& state, std::string_view test_id) {
    for (int attempt = 0; attempt < 20; ++attempt) {
      const Widget* w = find(test_id);
      if (!w) return nullptr;
      const float height = ImGui::GetIO().DisplaySize.y;
      if (w->min.y >= 0 && w->max.y <= height) return w;
      frames(state, 2,
             w->max.y > height ? (w->max.y - height) + metrics_.px(16) : w->min.y - metrics_.px(16));
    }
    return find(test_id);
  }

  float css(float device_px) const { return device_px / metrics_.dpr; }
  const ui::Fonts& fonts() const { return fonts_; }
  // Set: the page is drawn as in a browser, the document scrolling (device pixels).
  std::optional<float> page_scroll;
  const std::vector<Event>& seen() const { return seen_; }

 private:
  ImGuiContext* context_ = nullptr;
  ui::Metrics metrics_;
  ui::FontFiles files_;
  ui::Fonts fonts_;
  std::vector<Event> seen_;
};

const std::vector<std::string> kProfileLabels = {
    "Élève", "Représentant légal (parents)", "Personnel Éducation nationale",
    "Enseignement agricole (Élève, parent ou personnel)", "Personnel collectivité et invité"};
const std::vector<std::string> kProfileCodes = {"eleve", "parent", "personnel", "agricole", "collectivite"};

void check_profiles_on_screen(const Headless& page, float css_width, float css_height) {
  for (size_t i = 0; i < kProfileCodes.size(); ++i) {
    INFO(kProfileLabels[i]);
    const Widget* tile = page.find("profil." + kProfileCodes[i]);
    REQUIRE(tile);
    CHECK(tile->label == kProfileLabels[i]);
    CHECK(tile->kind == ui::bridge::Kind::Radio);
    CHECK(page.css(tile->min.x) >= 0);
    CHECK(page.css(tile->min.y) >= 0);
    CHECK(page.css(tile->max.x) <= css_width);
    CHECK(page.css(tile->max.y) <= css_height);
    CHECK(page.css(tile->max.y - tile->min.y) >= 44.0f);
  }
}

// Every character of every text the page drew has a glyph in the baked fonts.
void check_glyphs(const Headless& page) {
  for (const auto& w : ui::bridge::widgets()) {
    const char* s = w.label.c_str();
    const char* end = s + w.label.size();
    while (s < end) {
      unsigned int c = 0;
      s += ImTextCharFromUtf8(&c, s, end);
      INFO(w.label << " U+" << std::hex << c);
      CHECK(page.fonts().body->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
      CHECK(page.fonts().title->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
    }
  }
}

}  // namespace

TEST_CASE("desktop: the first screen shows the guide's title, five profiles and a disabled button", "[ui]") {
  Headless page(1280, 800, 1);
  AppState state;
  update(state, AppStarted{"#/profil", std::nullopt});
  page.frames(state);

  const Widget* title = page.find("titre");
  REQUIRE(title);
  CHECK(title->label ==
        "Veuillez renseigner quelques informations pour accéder à votre page d'authentification");
  CHECK(page.css(title->max.x - title->min.x) <= 560.0f);  // inside a card of at most 560 CSS px
  check_profiles_on_screen(page, 1280, 800);
  REQUIRE(page.find("niveau.ecole"));
  CHECK(page.find("niveau.ecole")->label == "École");
  CHECK(page.find("niveau.college_lycee")->label == "Collège / Lycée");
  CHECK(page.find("memoriser.non")->checked);
  CHECK_FALSE(page.find("memoriser.oui")->checked);
  const Widget* connect = page.find("se-connecter");
  REQUIRE(connect);
  CHECK(connect->label == "Se connecter");
  CHECK_FALSE(connect->enabled);
  check_glyphs(page);
}

TEST_CASE("phone: one column across the width, the profiles in view, targets of 44 CSS px", "[ui]") {
  Headless page(390, 844, 3);
  AppState state;
  update(state, AppStarted{"#/profil", std::nullopt});
  page.frames(state);
  check_profiles_on_screen(page, 390, 844);
  const Widget* parent = page.find("profil.parent");
  CHECK(page.css(parent->max.x - parent->min.x) >= 390 - 2 * 16 - 1);
  for (const auto& w : ui::bridge::widgets()) {
    if (w.kind != ui::bridge::Kind::Radio && w.kind != ui::bridge::Kind::Button &&
        w.kind != ui::bridge::Kind::Link)
      continue;
    INFO(w.test_id);
    CHECK(page.css(w.max.y - w.min.y) >= 44.0f);
  }
}

TEST_CASE("clicking a tile selects it; Se connecter then leads a parent to the next screen", "[ui]") {
  Headless page(390, 844, 3);
  AppState state;
  update(state, AppStarted{"#/profil", std::nullopt});
  page.frames(state);
  page.click(state, *page.find("profil.parent"));
  CHECK(state.choice.profile == "parent");
  CHECK(page.find("profil.parent")->checked);
  CHECK_FALSE(page.find("profil.eleve")->checked);
  page.click(state, *page.scroll_to(state, "niveau.college_lycee"));
  CHECK(page.find("niveau.college_lycee")->checked);
  const Widget* connect = page.scroll_to(state, "se-connecter");
  REQUIRE(connect);
  REQUIRE(connect->enabled);
  page.click(state, *connect);
  CHECK(state.screen == Screen::EduConnectProfile);
  page.frames(state);
  REQUIRE(page.find("titre"));
  CHECK(page.find("titre")->label == "Je sélectionne mon profil");
  REQUIRE(page.find("educonnect.responsable"));
  CHECK(page.find("educonnect.responsable")->label == "Responsable d'élève");
  CHECK(page.find("educonnect.eleve")->label == "Élève");
  REQUIRE(page.find("precedent"));
  CHECK(page.find("precedent")->label == "Précédent");
  page.click(state, *page.find("precedent"));
  CHECK(state.screen == Screen::ProfileChoice);
  CHECK(state.choice.profile == "parent");
  check_glyphs(page);
}

TEST_CASE("the alerts' texts are drawn with the fonts' glyphs", "[ui]") {
  Headless page(390, 844, 2);
  AppState state;
  update(state, AppStarted{"#/profil", std::nullopt});
  update(state, HttpAnswered{RequestKind::Config, 0, ""});
  update(state, ProfilePicked{"agricole"});
  update(state, LevelPicked{"ecole"});
  update(state, ConnectPressed{});
  page.frames(state);
  REQUIRE(page.find("alerte.configuration"));
  REQUIRE(page.find("alerte.configuration.action"));
  CHECK(page.find("alerte.configuration.action")->label == "Réessayer");
  REQUIRE(page.find("alerte.profil"));
  CHECK(page.find("alerte.profil")
            ->label.find("«\u00A0Enseignement agricole (Élève, parent ou personnel)\u00A0»") !=
        std::string::npos);
  check_glyphs(page);
}

// --- Every screen, filled as in the middle of its flow -------------------------------

namespace {

// A QR code's modules as the server sends them: a version 3 code (29 × 29) with its
// three finder patterns and a deterministic scatter of data modules.
std::vector<std::string> fake_qr_rows() {
  constexpr int n = 29;
  std::vector<std::string> rows(n, std::string(n, '0'));
  unsigned seed = 12345;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      seed = seed * 1103515245u + 12345u;
      rows[y][x] = (seed >> 16) & 1 ? '1' : '0';
    }
  for (const auto& [ox, oy] : {std::pair{0, 0}, std::pair{n - 7, 0}, std::pair{0, n - 7}})
    for (int y = 0; y < 7; ++y)
      for (int x = 0; x < 7; ++x) {
        const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
        const bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
        rows[oy + y][ox + x] = ring || core ? '1' : '0';
      }
  return rows;
}

api::PersonSummary summary(std::string kind, std::string id, std::string first, std::string last,
                           std::optional<std::string> class_name, std::string account_state) {
  api::PersonSummary p;
  p.kind = std::move(kind);
  p.id = std::move(id);
  p.first_name = std::move(first);
  p.last_name = std::move(last);
  if (class_name) p.school = api::School{"CLG LES COURTILS", "MONTMARTIN-SUR-MER", "0500048F"};
  p.class_name = std::move(class_name);
  p.account_state = std::move(account_state);
  return p;
}

// School staff: a second factor on its way, an invitation at its app's step, a console
// signed in for two schools with a search answered, a pupil's page, the progress and
// the journal loaded.
void fill_staff(AppState& state) {
  const api::School courtils{"CLG LES COURTILS", "MONTMARTIN-SUR-MER", "0500048F"};
  const api::School verrier{"LYCÉE URBAIN LE VERRIER", "SAINT-LÔ", "0500017X"};
  state.staff.sign_in.email = "marie.curie@ac-normandie.fr";
  state.staff.sign_in.flow = "F1";
  StaffInvitationForm& invitation = state.staff.invitation;
  invitation.token = "q7Yb2fZkP0x_Lm3N-tRs9A";
  invitation.status = LoadStatus::Loaded;
  invitation.invitation = api::StaffInvitation{"Marie CURIE", "marie.curie@ac-normandie.fr", {courtils, verrier},
                                               "2026-12-10T22:51:00Z"};
  invitation.step = StaffInvitationStep::Totp;
  invitation.enrolment = api::TotpEnrolment{"JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP",
                                            "otpauth://totp/S%C3%A9same:marie.curie?secret=JBSWY3DPEHPK3PXP",
                                            fake_qr_rows()};
  for (int i = 0; i < 10; ++i) invitation.recovery_codes.push_back("4f7k-9qz" + std::to_string(i));
  StaffConsoleState& console = state.staff.console;
  console.profile = api::StaffProfile{"Marie CURIE", "marie.curie@ac-normandie.fr", {courtils, verrier}, 2};
  console.uai = courtils.uai;
  console.query = "dupont";
  console.results = api::PeopleAnswer{
      {summary("pupil", "12", "Albert", "DUPONT", "4e B", "not_activated"),
       summary("guardian", "40", "Emilie", "DUPONT", std::nullopt, "active"),
       summary("guardian", "42", "Zoé", "D’ANGELO", std::nullopt, "none")},
      true};
  api::PersonDetails albert;
  albert.kind = "pupil";
  albert.id = "12";
  albert.first_name = "Albert";
  albert.last_name = "DUPONT";
  albert.schools = {courtils};
  albert.class_name = "4e B";
  albert.account.state = "locked";
  albert.account.identifier = "a.dupont07";
  albert.account.locked_until = "2026-12-07T13:20:00Z";
  albert.account.last_sign_in_at = "2026-12-07T13:05:00Z";
  albert.account.temporary_password_expires_on = sesame::Date{2027, 3, 7};
  albert.account.open_sessions = 2;
  albert.related = {summary("guardian", "40", "Emilie", "DUPONT", std::nullopt, "active")};
  albert.letters = {api::LetterIssued{"2026-09-01T08:00:00Z", "sesame-admin"},
                    api::LetterIssued{"2026-12-07T13:10:00Z", "Marie CURIE"}};
  console.person_kind = "pupil";
  console.person_id = "12";
  console.person = albert;
  console.progress = api::SchoolProgress{courtils,
                                         {api::ClassProgress{"4e B", 25, 18, 47, 30},
                                          api::ClassProgress{"6e A", 28, 3, 50, 41},
                                          api::ClassProgress{"", 2, 0, 3, 0}}};
  console.missing_class = "4e B";
  console.missing = api::PeopleAnswer{{summary("pupil", "13", "Jeanne", "DURAND", "4e B", "none")}, false};
  console.audit = api::AuditAnswer{{api::AuditLine{"2026-12-07T13:10:00Z", "Marie CURIE", "letter_issued",
                                                   "DUPONT Albert (a.dupont07)"},
                                    api::AuditLine{"2026-12-07T12:00:00Z", "Marie CURIE", "class_letters_issued",
                                                   "4e B"}}};
}

// A state able to show any screen: signed in with two children (one school each,
// each with their own account, one given a temporary password just now, the
// other refused one) and a child newly known, an activation at its children and
// identifier, a password recovery at its last step, a pupil's first sign-in at its
// password, the services loaded.
AppState everything_filled() {
  AppState state;
  update(state, AppStarted{"#/profil", std::nullopt});
  const api::School courtils{"CLG LES COURTILS", "MONTMARTIN-SUR-MER", "0500048F"};
  const api::School baker{"E.P.U JOSEPHINE BAKER", "MONTMARTIN-SUR-MER", "0501271K"};
  api::Account account;
  account.identifier = "e.dupont07";
  account.first_name = "Emilie";
  account.last_name = "DUPONT";
  account.email = "emilie.dupont@example.fr";
  account.phone = "+33612345678";
  account.alerts_at_login = true;
  account.children = {api::Child{"c1", "Albert", "DUPONT", courtils, api::ChildAccount{"a.dupont07", "active"}},
                      api::Child{"c2", "Jeanne", "DUPONT", baker, api::ChildAccount{"j.dupont12", "not_activated"}}};
  account.new_children = {api::Child{"c3", "Zoé", "D’ANGELO", baker, {}}};
  account.alerts = {api::Alert{"email_not_verified", "Votre adresse mail n'est pas encore vérifiée."}};
  state.account = account;
  state.activation.flow = "F1";
  state.activation.phone_masked = "+33 6 ** ** ** 78";
  state.activation.identifier = "e.dupont07";
  for (const api::Child& child : account.children) {
    ChildForm form;
    form.child = child;
    state.activation.children.push_back(form);
  }
  state.recovery.flow = "R1";
  state.recovery.code_accepted = true;
  state.temporary_passwords["c1"].answer =
      api::TemporaryPasswordAnswer{"a.dupont07", "k7mq-x3fp-9wtd", sesame::Date{2027, 3, 14}};
  state.temporary_passwords["c2"].error = "Trop de demandes en peu de temps. Réessayez dans 10 minutes.";
  state.first_sign_in.identifier = "a.dupont07";
  state.first_sign_in.flow = "P1";
  state.first_sign_in.first_name = "Albert";
  state.first_sign_in.birth_date_confirmed = true;
  state.services = api::ServicesAnswer{
      {api::SchoolServices{"0500048F", courtils.name, courtils.city,
                           {{"Cahier de textes", "https://ent.exemple.fr/0500048F/cdt"},
                            {"Vie scolaire (absences, notes)", "https://ent.exemple.fr/0500048F/vs"}}},
       api::SchoolServices{"0501271K", baker.name, baker.city, {}}}};
  state.services_status = LoadStatus::Loaded;
  state.config.franceconnect = true;  // its button on the sign-in and failure screens
  state.franceconnect = FranceConnectState{"Emilie", "DUPONT", "franceconnect_state_mismatch"};
  fill_staff(state);
  return state;
}

// Albert's own account, as GET /me gives it to him.
api::Account pupil_account() {
  api::Account account;
  account.identifier = "a.dupont07";
  account.profile = "eleve";
  account.pupil = api::PupilDetails{{"CLG LES COURTILS", "MONTMARTIN-SUR-MER", "0500048F"}, "4e B"};
  account.first_name = "Albert";
  account.last_name = "DUPONT";
  return account;
}

// A parent's first sign-in with the school's letter, Emilie's: her two children, Albert
// answered "yes" (his "Né(e) le" shows), Jeanne not yet; confirmed on the password's step.
void parent_first_sign_in(AppState& state, Screen screen) {
  FirstSignInForm form;
  form.identifier = "e.dupont07";
  form.flow = "L1";
  form.first_name = "Emilie";
  form.parent = true;
  for (const api::Child& child : state.account->children) {
    ChildForm child_form;
    child_form.child = child;
    child_form.child.account.reset();
    form.children.push_back(child_form);
  }
  form.children[0].answer = GuardianAnswer::Yes;
  form.children[0].birth_date = "14 03 2012";
  form.children_confirmed = screen == Screen::ParentFirstSignInPassword;
  state.first_sign_in = form;
  state.account.reset();  // not signed in yet
}

// everything_filled() on `screen`; the pupil's account on the pupil's "Mon compte", a
// parent's first sign-in on its steps.
AppState filled_on(Screen screen) {
  AppState state = everything_filled();
  state.screen = screen;
  if (screen == Screen::PupilAccount) state.account = pupil_account();
  if (screen == Screen::ParentFirstSignInChildren || screen == Screen::ParentFirstSignInPassword)
    parent_first_sign_in(state, screen);
  return state;
}

// The staff screens' other states: each part of the console, each step of the
// invitation, a recovery code, a confirmation waiting, a session ended; and a parent's
// first sign-in's children with their refusals.
std::vector<std::pair<std::string, AppState>> staff_variants() {
  std::vector<std::pair<std::string, AppState>> all;
  auto add = [&](std::string name, Screen screen, auto change) {
    AppState state = filled_on(screen);
    change(state);
    all.emplace_back(std::move(name), std::move(state));
  };
  add("console, avancement", Screen::StaffConsole, [](AppState& s) {
    s.staff.console.tab = StaffTab::Progress;
    s.staff.console.confirming = StaffAction::ClassLetters;
    s.staff.console.confirming_class = "6e A";
  });
  add("console, journal", Screen::StaffConsole, [](AppState& s) { s.staff.console.tab = StaffTab::Audit; });
  add("console, one school, a success", Screen::StaffConsole, [](AppState& s) {
    s.staff.console.profile->schools.resize(1);
    s.staff.console.profile->recovery_codes_left = 9;
    s.staff.console.success = "La lettre a été téléchargée : lettre-DUPONT-Albert.pdf.";
  });
  add("person, a confirmation", Screen::StaffPerson,
      [](AppState& s) { s.staff.console.confirming = StaffAction::CloseSessions; });
  add("person, a guardian", Screen::StaffPerson, [](AppState& s) {
    api::PersonDetails& p = *s.staff.console.person;
    p.kind = "guardian";
    p.class_name.reset();
    p.mobile_known = false;
    p.account = api::PersonAccount{};
    p.account.state = "none";
    p.letters.clear();
    s.staff.console.confirming = StaffAction::Letter;
  });
  add("person, loading", Screen::StaffPerson, [](AppState& s) { s.staff.console.person.reset(); });
  add("invitation, password", Screen::StaffInvitation,
      [](AppState& s) { s.staff.invitation.step = StaffInvitationStep::Password; });
  add("invitation, recovery codes", Screen::StaffInvitation,
      [](AppState& s) { s.staff.invitation.step = StaffInvitationStep::RecoveryCodes; });
  add("invitation, expired", Screen::StaffInvitation, [](AppState& s) {
    s.staff.invitation.status = LoadStatus::Failed;
    s.staff.invitation.failure = "Ce lien d'invitation a expiré : il est valable 72 heures.";
  });
  add("code, recovery", Screen::StaffCode, [](AppState& s) { s.staff.sign_in.use_recovery_code = true; });
  add("sign-in, session ended", Screen::StaffSignIn, [](AppState& s) { s.notice = Notice::StaffSessionEnded; });
  // A parent's first sign-in: a wrong date with the tries left, a child confirmed, nothing answered.
  add("parent's first sign-in, a wrong date", Screen::ParentFirstSignInChildren, [](AppState& s) {
    s.first_sign_in.children[0].error =
        "La date de naissance ne correspond pas à celle que l'établissement connaît. Il vous reste 2 essais.";
    s.first_sign_in.children[0].remaining_attempts = 2;
    s.first_sign_in.children[1].answer = GuardianAnswer::No;
  });
  add("parent's first sign-in, one confirmed, one to answer", Screen::ParentFirstSignInChildren, [](AppState& s) {
    s.first_sign_in.children[0].confirmed = true;
    s.first_sign_in.children[1].error = "Indiquez si vous êtes le représentant légal de cet élève.";
  });
  return all;
}

// Every screen filled, then the staff screens' other states: named for the test's messages.
std::vector<std::pair<std::string, AppState>> every_state();

constexpr Screen kEveryScreen[] = {
    Screen::ProfileChoice,      Screen::EduConnectProfile,   Screen::SignIn,
    Screen::ActivationIdentity, Screen::ActivationCode,      Screen::ActivationChildren,
    Screen::ActivationPassword, Screen::ActivationIdentifier, Screen::Account,
    Screen::AccountEmail,       Screen::AccountPhone,        Screen::AccountPassword,
    Screen::AccountFromAccount, Screen::AccountServices,     Screen::RecoveryIdentifier,
    Screen::RecoveryPasswordIdentifier, Screen::RecoveryPasswordCode, Screen::RecoveryPasswordNew,
    Screen::FranceConnectAttach, Screen::FranceConnectFailure, Screen::AccountFranceConnect,
    Screen::Accessibility,      Screen::PupilSignIn,         Screen::PupilHelp,
    Screen::PupilBirthDate,     Screen::PupilPassword,       Screen::PupilAccount,
    Screen::ParentFirstSignInChildren, Screen::ParentFirstSignInPassword,
    Screen::StaffSignIn,        Screen::StaffCode,           Screen::StaffInvitation,
    Screen::StaffConsole,       Screen::StaffPerson,
};

std::vector<std::pair<std::string, AppState>> every_state() {
  std::vector<std::pair<std::string, AppState>> all;
  for (const Screen screen : kEveryScreen)
    all.emplace_back("screen " + std::to_string(static_cast<int>(screen)), filled_on(screen));
  for (auto& variant : staff_variants()) all.push_back(std::move(variant));
  return all;
}

// The accessibility statement's link under the card: a touch-sized link inside the
// page's margins (16 CSS px on phones, 24 on computers), 16 CSS px below the card on
// phones and 40 on computers (the card ends 24 or 40 CSS px under its last widget).
// A phone's short screen shows it without scrolling.
void check_accessibility_link(const Headless& page, float css_width, float css_height) {
  const Widget* link = page.find("lien.accessibilite");
  REQUIRE(link);
  CHECK(link->kind == ui::bridge::Kind::Link);
  CHECK(link->label == "Accessibilité\u00A0: partiellement conforme");
  const bool phone = ui::Metrics{1, css_width, css_height}.narrow();
  const float margin = phone ? 16 : 24;
  CHECK(page.css(link->min.x) >= margin - 0.5f);
  CHECK(page.css(link->max.x) <= css_width - margin + 0.5f);
  CHECK(page.css(link->max.y - link->min.y) >= 44.0f - 0.5f);
  float content_bottom = 0;
  for (const auto& w : ui::bridge::widgets())
    if (&w != link) content_bottom = std::max(content_bottom, page.css(w.max.y));
  const float below_content = phone ? 24 + 16 : 40 + 40;
  CHECK(page.css(link->min.y) >= content_bottom + below_content - 0.5f);
  if (phone && content_bottom + below_content + 2 * 24 + 16 <= css_height)
    CHECK(page.css(link->max.y) <= css_height + 0.5f);
}

}  // namespace

TEST_CASE("every screen draws its French title inside the width, touch-sized, with the fonts' glyphs", "[ui]") {
  const auto [css_width, css_height] = GENERATE(std::pair{390.0f, 844.0f}, std::pair{1280.0f, 800.0f});
  Headless page(css_width, css_height, 2);
  for (auto [name, state] : every_state()) {
    const Screen screen = state.screen;
    page.frames(state);
    INFO(name << " at " << css_width << " CSS px");
    CHECK(state.screen == screen);  // drawing alone changes nothing
    const Widget* title = page.find("titre");
    const bool stepper = page.find("etape") != nullptr;
    CHECK((title || stepper));
    for (const auto& w : ui::bridge::widgets()) {
      INFO(w.test_id << " « " << w.label << " »");
      CHECK(page.css(w.min.x) >= 0);
      CHECK(page.css(w.max.x) <= css_width + 0.5f);
      if (w.kind == ui::bridge::Kind::Button || w.kind == ui::bridge::Kind::Radio ||
          w.kind == ui::bridge::Kind::Checkbox || w.kind == ui::bridge::Kind::Link)
        CHECK(page.css(w.max.y - w.min.y) >= 44.0f - 0.5f);
    }
    check_accessibility_link(page, css_width, css_height);
    check_glyphs(page);
  }
}

TEST_CASE("\"Accéder à mes services\": a school per child, a tile per service that opens it", "[ui]") {
  Headless page(390, 844, 3);
  AppState state = everything_filled();
  state.screen = Screen::AccountServices;
  page.frames(state);
  CHECK(page.find("titre")->label == "Accéder à mes services");
  CHECK(page.find("services.0.ecole")->label == "CLG LES COURTILS");
  CHECK(page.find("services.0.commune")->label == "MONTMARTIN-SUR-MER (UAI\u00A00500048F)");
  CHECK(page.find("services.0.eleves")->label == "Pour : Albert DUPONT");
  CHECK(page.find("services.1.eleves")->label == "Pour : Jeanne DUPONT");
  CHECK(page.find("services.1.aucun"));  // a school without services says so
  const Widget* tile = page.scroll_to(state, "services.0.service.1");
  REQUIRE(tile);
  CHECK(tile->label == "Vie scolaire (absences, notes)");
  CHECK(page.css(tile->max.x - tile->min.x) >= 390 - 2 * 16 - 1);  // across the phone's width
  page.click(state, *tile);
  bool opened = false;
  for (const Event& e : page.seen())
    if (const auto* o = std::get_if<ServiceOpened>(&e)) opened = o->url == "https://ent.exemple.fr/0500048F/vs";
  CHECK(opened);
}

// --- A pupil's way in, and the parents who help their child ------------------------------

TEST_CASE("the pupils' sign-in: the letter, « Profil : Élève », help instead of an account to create",
          "[ui][pupil]") {
  Headless page(390, 844, 3);
  AppState state;
  update(state, AppStarted{"#/eleve/connexion", std::nullopt});
  page.frames(state);
  REQUIRE(state.screen == Screen::PupilSignIn);
  CHECK(page.find("titre")->label == "Je me connecte avec mon compte ÉduConnect");
  CHECK(page.find("profil")->label == "Profil : Élève");
  CHECK(page.find("aide.lettre")->label ==
        "Votre identifiant et votre mot de passe provisoire figurent sur la lettre remise par votre "
        "établissement.");
  CHECK(page.find("identifiant")->autocomplete == "username");
  CHECK(page.find("mot-de-passe")->autocomplete == "current-password");
  CHECK(page.find("identifiant-oublie")->href == "#/eleve/aide");
  CHECK(page.find("mot-de-passe-oublie")->href == "#/eleve/aide");
  CHECK(page.find("se-connecter")->primary);
  CHECK(page.find("aide.sans-compte")->label ==
        "Pas encore de compte ? Votre établissement vous remet une lettre avec votre identifiant et un mot de "
        "passe provisoire.");
  CHECK_FALSE(page.find("sans-compte"));  // no "Je n'ai pas de compte" for pupils
  CHECK_FALSE(page.find("franceconnect"));
  check_glyphs(page);

  page.click(state, *page.scroll_to(state, "mot-de-passe-oublie"));
  CHECK(state.screen == Screen::PupilHelp);
  page.frames(state);
  CHECK(page.find("titre")->label == "Identifiant ou mot de passe oublié");
  CHECK(page.find("aide.parent")->label.find("«\u00A0Donner un nouveau mot de passe provisoire\u00A0»") !=
        std::string::npos);
  CHECK(page.find("aide.identifiant")->label.find("lettre remise par votre établissement") != std::string::npos);
  check_glyphs(page);
  page.click(state, *page.scroll_to(state, "precedent"));
  CHECK(state.screen == Screen::PupilSignIn);
}

TEST_CASE("the first sign-in greets the pupil; locked, it offers only the way back", "[ui][pupil]") {
  Headless page(390, 844, 3);
  AppState state = filled_on(Screen::PupilBirthDate);
  page.frames(state);
  CHECK(page.find("etape")->label == "Étape 1 sur 2");
  CHECK(page.find("etape.titre")->label == "Je confirme ma date de naissance");
  CHECK(page.find("etape.suivante")->label.find("Je choisis mon nouveau mot de passe") != std::string::npos);
  CHECK(page.find("bonjour")->label == "Bonjour Albert,");
  const Widget* field = page.find("naissance");
  REQUIRE(field);
  CHECK(field->label == "Date de naissance");
  CHECK(page.find("naissance.indication")->label == "Format attendu : JJ MM AAAA");
  CHECK(page.find("confirmer")->primary);

  state.first_sign_in.ended = "Trop d'essais : ce mot de passe provisoire ne peut plus servir.";
  page.frames(state);
  CHECK_FALSE(page.find("naissance"));
  CHECK_FALSE(page.find("confirmer"));
  const Widget* alert = page.find("alerte.erreur");
  REQUIRE(alert);
  CHECK_FALSE(alert->status);
  CHECK(alert->label.find("ce mot de passe provisoire ne peut plus servir") != std::string::npos);
  const Widget* back = page.scroll_to(state, "retour-connexion");
  REQUIRE(back);
  CHECK(back->label == "Retour à la connexion");
  page.click(state, *back);
  CHECK(state.screen == Screen::PupilSignIn);
  CHECK(state.sign_in.identifier.empty());

  AppState password = filled_on(Screen::PupilPassword);
  page.frames(password);
  CHECK(page.find("etape")->label == "Étape 2 sur 2");
  CHECK(page.find("etape.titre")->label == "Je choisis mon nouveau mot de passe");
  CHECK(page.find("nouveau-mot-de-passe")->autocomplete == "new-password");
  CHECK(page.find("confirmation")->autocomplete == "new-password");
  CHECK(page.find("regle.uppercase"));
  check_glyphs(page);
}

TEST_CASE("a parent's first sign-in: the children as at account creation, then the password", "[ui][parent]") {
  Headless page(390, 844, 3);
  AppState state = filled_on(Screen::ParentFirstSignInChildren);
  page.frames(state);
  CHECK(page.find("etape")->label == "Étape 1 sur 2");
  CHECK(page.find("etape.titre")->label == "Je confirme mes enfants");
  CHECK(page.find("etape.suivante")->label.find("Je choisis mon nouveau mot de passe") != std::string::npos);
  CHECK(page.find("bonjour")->label == "Bonjour Emilie,");
  CHECK(page.find("aide.lettre")->label.find("lettre de l'établissement") != std::string::npos);
  const Widget* albert = page.find("enfant.0");
  REQUIRE(albert);
  CHECK(albert->kind == ui::bridge::Kind::Group);
  CHECK(albert->label == "Albert DUPONT");
  CHECK(page.find("enfant.0.ecole")->label == "CLG LES COURTILS, MONTMARTIN-SUR-MER (UAI\u00A00500048F)");
  CHECK(page.find("enfant.0.oui")->label == "Je suis le représentant légal de cet élève");
  CHECK(page.find("enfant.0.oui")->checked);
  CHECK(page.find("enfant.0.non")->label == "Je ne suis pas le représentant légal de cet élève");
  const Widget* birth = page.find("enfant.0.naissance");
  REQUIRE(birth);
  CHECK(birth->label == "Né(e) le");
  CHECK(page.find("enfant.0.naissance.indication")->label == "Format attendu : JJ MM AAAA");
  CHECK_FALSE(page.find("enfant.1.naissance"));  // Jeanne not answered yet
  CHECK(page.find("confirmer")->primary);
  check_glyphs(page);

  // Jeanne's "yes": her date field, edited through the first sign-in's own field.
  page.click(state, *page.scroll_to(state, "enfant.1.oui"));
  CHECK(state.first_sign_in.children[1].answer == GuardianAnswer::Yes);
  page.frames(state);
  REQUIRE(page.find("enfant.1.naissance"));

  // A wrong date: under its child, with the letter's tries left.
  state.first_sign_in.children[0].error =
      "La date de naissance ne correspond pas à celle que l'établissement connaît. Il vous reste 2 essais.";
  page.frames(state);
  const Widget* error = page.find("enfant.0.naissance.erreur");
  REQUIRE(error);
  CHECK(error->label.ends_with("Il vous reste 2 essais."));
  CHECK(page.find("enfant.0.naissance")->invalid);
  CHECK_FALSE(page.find("enfant.1.naissance")->invalid);

  // The password's step says nothing of a pupil.
  AppState password = filled_on(Screen::ParentFirstSignInPassword);
  page.frames(password);
  CHECK(page.find("etape")->label == "Étape 2 sur 2");
  CHECK(page.find("etape.titre")->label == "Je choisis mon nouveau mot de passe");
  CHECK(page.find("nouveau-mot-de-passe")->autocomplete == "new-password");
  CHECK(page.find("valider")->primary);
  for (const auto& w : ui::bridge::widgets()) {
    INFO(w.test_id << " « " << w.label << " »");
    CHECK(w.label.find("élève") == std::string::npos);
  }
  check_glyphs(page);
}

TEST_CASE("the pupil's \"Mon compte\": identity, school, class, services and sign-out only", "[ui][pupil]") {
  Headless page(1280, 800, 2);
  AppState state = filled_on(Screen::PupilAccount);
  page.frames(state);
  CHECK(page.find("titre")->label == "Mon compte ÉduConnect");
  CHECK(page.find("compte.nom")->label == "Albert DUPONT");
  CHECK(page.find("compte.identifiant")->label == "Identifiant : a.dupont07");
  CHECK(page.find("compte.etablissement")->label == "Établissement : CLG LES COURTILS, MONTMARTIN-SUR-MER");
  CHECK(page.find("compte.classe")->label == "Classe : 4e B");
  CHECK(page.find("services")->label == "Accéder à mes services");
  CHECK(page.find("se-deconnecter")->label == "Se déconnecter");
  // Nothing of a parent's page.
  for (const char* id : {"titre.enfants", "compte.email", "compte.telephone", "compte.alertes-connexion",
                         "ajout-eleve", "compte.mot-de-passe.modifier", "compte.enfant.0"})
    CHECK_FALSE(page.find(id));
  check_glyphs(page);

  state.account->pupil->class_name.reset();  // no class in the school's export: no line
  page.frames(state);
  CHECK_FALSE(page.find("compte.classe"));

  // Its services: the pupil's school, worded for the pupil.
  state.screen = Screen::AccountServices;
  page.frames(state);
  CHECK(page.find("aide.services")->label.starts_with("Les services numériques de votre établissement"));
  CHECK_FALSE(page.find("services.0.eleves"));
}

TEST_CASE("the parent's children: their own account, and a temporary password shown in their block",
          "[ui][pupil]") {
  const auto [css_width, css_height] = GENERATE(std::pair{390.0f, 844.0f}, std::pair{1280.0f, 800.0f});
  INFO(css_width << " CSS px");
  Headless page(css_width, css_height, 2);
  AppState state = filled_on(Screen::Account);
  page.frames(state);
  CHECK(page.find("compte.enfant.0.compte")->label == "Compte de l'élève : a.dupont07 (activé)");
  CHECK(page.find("compte.enfant.1.compte")->label == "Compte de l'élève : j.dupont12 (pas encore activé)");
  // One button per child, told apart by the group each belongs to, named by the child.
  for (const auto& [i, name] : {std::pair{0, "Albert DUPONT"}, std::pair{1, "Jeanne DUPONT"}}) {
    const std::string prefix = "compte.enfant." + std::to_string(i);
    const Widget* button = page.find(prefix + ".donner-mot-de-passe");
    REQUIRE(button);
    CHECK(button->kind == ui::bridge::Kind::Button);
    CHECK(button->label == "Donner un nouveau mot de passe provisoire");
    CHECK_FALSE(button->primary);
    CHECK(button->group == prefix);
    CHECK(page.find(prefix)->kind == ui::bridge::Kind::Group);
    CHECK(page.find(prefix)->label == name);
    CHECK(page.find(prefix + ".nom")->group == prefix);  // its heading: the group's legend
    // A label longer than a phone's column wraps inside it.
    CHECK(page.css(button->min.x) >= 0);
    CHECK(page.css(button->max.x) <= css_width);
  }
  const Widget* given = page.find("compte.enfant.0.mot-de-passe-provisoire");
  REQUIRE(given);
  CHECK(given->kind == ui::bridge::Kind::Alert);
  CHECK(given->status);  // said by the polite live region
  CHECK(given->group == "compte.enfant.0");
  CHECK(given->label ==
        "Nouveau mot de passe provisoire d'Albert : k7mq-x3fp-9wtd (identifiant a.dupont07), valable jusqu'au "
        "14/03/2027. Notez-le maintenant : il ne sera plus affiché. À la première connexion, Albert confirmera "
        "sa date de naissance et choisira son mot de passe.");
  CHECK(given->min.y >= page.find("compte.enfant.0.donner-mot-de-passe")->max.y);
  const Widget* copy = page.find("compte.enfant.0.mot-de-passe-provisoire.action");
  REQUIRE(copy);
  CHECK(copy->label == "Copier le mot de passe");
  const Widget* refused = page.find("compte.enfant.1.mot-de-passe-provisoire.erreur");
  REQUIRE(refused);
  CHECK_FALSE(refused->status);
  CHECK(refused->group == "compte.enfant.1");
  CHECK(refused->label.find("Réessayez dans 10 minutes.") != std::string::npos);
  CHECK_FALSE(page.find("compte.enfant.1.mot-de-passe-provisoire"));
  check_glyphs(page);

  // The copy button puts the password on the clipboard.
  page.click(state, *page.scroll_to(state, "compte.enfant.0.mot-de-passe-provisoire.action"));
  bool copied = false;
  for (const Event& e : page.seen())
    if (const auto* c = std::get_if<CopyTemporaryPasswordPressed>(&e)) copied = c->child_id == "c1";
  CHECK(copied);

  // A disabled account says so, with no button; a child not confirmed shows no account.
  state.account->children[1].account->state = "disabled";
  state.account->children.push_back(api::Child{"c4", "Émile", "DUPONT", state.account->children[0].school, {}});
  page.frames(state);
  CHECK(page.find("compte.enfant.1.compte")->label == "Compte de l'élève : j.dupont12 (désactivé)");
  CHECK_FALSE(page.find("compte.enfant.1.donner-mot-de-passe"));
  CHECK_FALSE(page.find("compte.enfant.2.compte"));
  CHECK_FALSE(page.find("compte.enfant.2.donner-mot-de-passe"));
}

TEST_CASE("the temporary password's sentence elides \"de\" before a vowel or a mute h", "[ui][pupil]") {
  Headless page(1280, 800, 1);
  for (const auto& [first_name, said] :
       {std::pair{"Jeanne", "de Jeanne :"}, std::pair{"Émile", "d'Émile :"}, std::pair{"Hugo", "d'Hugo :"},
        std::pair{"Yves", "d'Yves :"}, std::pair{"Yann", "de Yann :"}, std::pair{"Ugo", "d'Ugo :"}}) {
    INFO(first_name);
    AppState state = filled_on(Screen::Account);
    state.account->children[0].first_name = first_name;
    page.frames(state);
    CHECK(page.find("compte.enfant.0.mot-de-passe-provisoire")
              ->label.starts_with(std::string("Nouveau mot de passe provisoire ") + said));
  }
}

TEST_CASE("the code screen counts down to \"Renvoyer le SMS\"", "[ui]") {
  Headless page(390, 844, 2);
  AppState state = everything_filled();
  state.screen = Screen::ActivationCode;
  update(state, ClockTicked{1000});
  state.activation.resend_allowed_at_ms = 1000 + 42'000;
  page.frames(state);
  REQUIRE(page.find("renvoyer"));
  CHECK_FALSE(page.find("renvoyer")->enabled);
  CHECK(page.find("aide.renvoi")->label == "Vous pourrez demander un nouveau SMS dans 42 secondes.");
  update(state, ClockTicked{1000 + 42'000});
  page.frames(state);
  CHECK(page.find("renvoyer")->enabled);
  CHECK_FALSE(page.find("aide.renvoi"));
}

// --- The kit's form widgets, drawn alone on a blank page --------------------------

namespace {

// A page drawing only the widgets a test gives it, across a column inset by 16 CSS px.
class KitBench {
 public:
  using Draw = std::function<void(const ui::Ui&)>;

  KitBench(float css_width, float css_height, float dpr)
      : page_(css_width, css_height, dpr), metrics_{dpr, css_width, css_height} {}

  void frames(const Draw& draw, int count = 1) {
    for (int i = 0; i < count; ++i) {
      ImGuiIO& io = ImGui::GetIO();
      io.DeltaTime = 1.0f / 60.0f;
      ImGui::NewFrame();
      ui::bridge::begin_frame();
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      ImGui::SetNextWindowSize(io.DisplaySize);
      ImGui::Begin("banc", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
      std::vector<Event> events;
      ui::Ui kit;
      kit.metrics = metrics_;
      kit.fonts = &page_.fonts();
      kit.column = ui::Span{metrics_.px(16), metrics_.px(metrics_.css_width - 32)};
      kit.events = &events;
      ImGui::SetCursorScreenPos(ImVec2(kit.column.x, metrics_.px(16)));
      draw(kit);
      ImGui::End();
      ImGui::Render();
      ui::bridge::end_frame();
    }
  }

  void click(const Draw& draw, std::string_view test_id) {
    const Widget* w = page_.find(test_id);
    REQUIRE(w);
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent((w->min.x + w->max.x) * 0.5f, (w->min.y + w->max.y) * 0.5f);
    frames(draw);
    io.AddMouseButtonEvent(0, true);
    frames(draw);
    io.AddMouseButtonEvent(0, false);
    frames(draw, 2);
  }

  void type(const Draw& draw, const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    frames(draw, 2);
  }

  const Widget* find(std::string_view test_id) const { return page_.find(test_id); }
  float css(float device_px) const { return page_.css(device_px); }
  const Headless& page() const { return page_; }

 private:
  Headless page_;
  ui::Metrics metrics_;
};

}  // namespace

TEST_CASE("kit: a text field tells the bridge its label, keyboard and autofill", "[ui][kit]") {
  for (float dpr : {1.0f, 2.0f, 3.0f}) {
    INFO("dpr " << dpr);
    KitBench bench(390, 844, dpr);
    std::string value;
    auto draw = [&](const ui::Ui& kit) {
      ui::text_field(kit, "telephone", "Numéro de téléphone portable", "Format attendu : 06 12 34 56 78",
                     value, ui::kPurposeTel);
      ui::text_field(kit, "code", "Code reçu par SMS", {}, value, ui::kPurposeCode);
    };
    bench.frames(draw, 2);
    const Widget* tel = bench.find("telephone");
    REQUIRE(tel);
    CHECK(tel->kind == ui::bridge::Kind::Input);
    CHECK(tel->label == "Numéro de téléphone portable");
    CHECK(tel->input_mode == "tel");
    CHECK(tel->autocomplete == "tel");
    CHECK_FALSE(tel->secret);
    CHECK(tel->enabled);
    CHECK(bench.css(tel->max.y - tel->min.y) >= 44.0f);
    CHECK(bench.css(tel->max.x - tel->min.x) == Approx(390 - 32).margin(1));
    REQUIRE(bench.find("telephone.indication"));
    CHECK(bench.find("telephone.indication")->label == "Format attendu : 06 12 34 56 78");
    CHECK(bench.find("telephone.indication")->max.y <= tel->min.y);  // the hint sits above the box
    const Widget* code = bench.find("code");
    REQUIRE(code);
    CHECK(code->input_mode == "numeric");
    CHECK(code->autocomplete == "one-time-code");
    CHECK(code->min.y >= tel->max.y);  // one under the other, not overlapping
    CHECK_FALSE(bench.find("code.indication"));
    check_glyphs(bench.page());
    const std::string json = ui::bridge::to_json(dpr, "#/banc");
    CHECK(json.find(R"("inputmode":"tel")") != std::string::npos);
    CHECK(json.find(R"("autocomplete":"one-time-code")") != std::string::npos);
  }
}

TEST_CASE("kit: what the parent types reaches the caller's string, accents and apostrophe intact",
          "[ui][kit]") {
  KitBench bench(390, 844, 3);
  std::string name;
  int changes = 0;
  auto draw = [&](const ui::Ui& kit) {
    if (ui::text_field(kit, "nom", "Nom et prénom", {}, name, ui::kPurposeFamilyName)) ++changes;
  };
  bench.frames(draw, 2);
  bench.click(draw, "nom");
  CHECK(bench.find("nom")->focused == false);  // a pointer click shows no keyboard ring
  bench.type(draw, "Zoé ");
  bench.type(draw, "D’");
  bench.type(draw, "Angelo");
  CHECK(name == "Zoé D’Angelo");
  CHECK(changes == 3);
  // Erasing one character takes the whole "o", and the string shrinks with it.
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiKey_Backspace, true);
  bench.frames(draw);
  io.AddKeyEvent(ImGuiKey_Backspace, false);
  bench.frames(draw, 2);
  CHECK(name == "Zoé D’Angel");
  CHECK(name.size() == std::string("Zoé D’Angel").size());
}

TEST_CASE("kit: max_bytes keeps whole UTF-8 characters and refuses what does not fit", "[ui][kit]") {
  KitBench bench(390, 844, 2);
  std::string name;
  auto draw = [&](const ui::Ui& kit) {
    ui::text_field(kit, "nom", "Nom", {}, name, ui::kPurposeFamilyName, {}, true, 8);
  };
  bench.frames(draw, 2);
  bench.click(draw, "nom");
  bench.type(draw, "Zoé ");
  // "Zoé D’" is 9 bytes: the apostrophe's three bytes do not fit in 8, so it is refused whole.
  bench.type(draw, "D’");
  CHECK(name == "Zoé D");
  bench.type(draw, "Angelo");
  CHECK(name == "Zoé DAn");
  CHECK(name.size() == 8);
  // Typing at the start of a full field changes nothing: the end is not pushed out.
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiKey_Home, true);
  bench.frames(draw);
  io.AddKeyEvent(ImGuiKey_Home, false);
  bench.frames(draw);
  bench.type(draw, "X");
  CHECK(name == "Zoé DAn");
  // A pasted-at-once text is cut in the same way, never inside a character.
  std::string other;
  auto draw_other = [&](const ui::Ui& kit) {
    ui::text_field(kit, "ville", "Ville", {}, other, ui::kPurposeText, {}, true, 6);
  };
  KitBench second(390, 844, 1);
  second.frames(draw_other, 2);
  second.click(draw_other, "ville");
  second.type(draw_other, "Évry-Courcouronnes");
  CHECK(other == "Évry-");  // É is 2 bytes: "Évry-" is 6
  second.type(draw_other, "ééé");
  CHECK(other == "Évry-");  // full: nothing more goes in
}

TEST_CASE("kit: a field in error says so in red under the box", "[ui][kit]") {
  KitBench bench(390, 844, 2);
  std::string value = "0612";
  auto draw = [&](const ui::Ui& kit) {
    ui::text_field(kit, "telephone", "Numéro de téléphone portable", {}, value, ui::kPurposeTel,
                   "Le numéro doit compter 10 chiffres, par exemple 06 12 34 56 78.");
    ui::text_field(kit, "autre", "Autre", {}, value, ui::kPurposeText);
  };
  bench.frames(draw, 2);
  const Widget* error = bench.find("telephone.erreur");
  REQUIRE(error);
  CHECK(error->kind == ui::bridge::Kind::Text);
  CHECK(error->label == "Le numéro doit compter 10 chiffres, par exemple 06 12 34 56 78.");
  const Widget* box = bench.find("telephone");
  REQUIRE(box);
  CHECK(error->min.y >= box->max.y);
  CHECK(bench.find("autre")->min.y >= error->max.y);  // the next field starts below the error
  CHECK_FALSE(bench.find("autre.erreur"));
  check_glyphs(bench.page());
}

TEST_CASE("kit: the password field's eye shows and hides the password", "[ui][kit]") {
  KitBench bench(390, 844, 3);
  std::string password = "Secret-123";
  bool shown = false;
  auto draw = [&](const ui::Ui& kit) {
    ui::password_field(kit, "mot-de-passe", "Mot de passe", {}, password, shown, ui::kPurposeCurrentPassword);
  };
  bench.frames(draw, 2);
  const Widget* field = bench.find("mot-de-passe");
  REQUIRE(field);
  CHECK(field->kind == ui::bridge::Kind::Input);
  CHECK(field->autocomplete == "current-password");
  CHECK(field->secret);
  const Widget* eye = bench.find("mot-de-passe.afficher");
  REQUIRE(eye);
  CHECK(eye->kind == ui::bridge::Kind::Button);
  CHECK(eye->label == "Afficher le mot de passe");
  CHECK(bench.css(eye->max.x - eye->min.x) >= 44.0f);
  CHECK(bench.css(eye->max.y - eye->min.y) >= 44.0f);
  CHECK(eye->min.x >= field->max.x - 1);  // beside the text, inside the box's right end
  bench.click(draw, "mot-de-passe.afficher");
  CHECK(shown);
  CHECK(bench.find("mot-de-passe.afficher")->label == "Masquer le mot de passe");
  bench.click(draw, "mot-de-passe.afficher");
  CHECK_FALSE(shown);
  CHECK(password == "Secret-123");
}

TEST_CASE("kit: a busy button is disabled for the bridge and ignores clicks", "[ui][kit]") {
  KitBench bench(390, 844, 2);
  bool busy = true;
  int clicks = 0;
  auto draw = [&](const ui::Ui& kit) {
    if (ui::button(kit, "envoyer", "Recevoir un code", ui::ButtonStyle::Primary, true, true, busy)) ++clicks;
  };
  bench.frames(draw, 2);
  const Widget* b = bench.find("envoyer");
  REQUIRE(b);
  CHECK(b->label == "Recevoir un code");
  CHECK_FALSE(b->enabled);
  CHECK(b->busy);
  bench.click(draw, "envoyer");
  CHECK(clicks == 0);
  busy = false;
  bench.frames(draw, 2);
  CHECK(bench.find("envoyer")->enabled);
  CHECK_FALSE(bench.find("envoyer")->busy);
  bench.click(draw, "envoyer");
  CHECK(clicks == 1);
}

TEST_CASE("kit: the stepper says which step of how many", "[ui][kit]") {
  KitBench bench(390, 844, 3);
  auto draw = [&](const ui::Ui& kit) {
    ui::stepper(kit, 2, 5, "Vérification du téléphone", "Choix du mot de passe");
  };
  bench.frames(draw, 2);
  const Widget* step = bench.find("etape");
  REQUIRE(step);
  CHECK(step->kind == ui::bridge::Kind::Text);
  CHECK(step->label == "Étape 2 sur 5");
  REQUIRE(bench.find("etape.titre"));
  CHECK(bench.find("etape.titre")->label == "Vérification du téléphone");
  REQUIRE(bench.find("etape.suivante"));
  CHECK(bench.find("etape.suivante")->label == "Étape suivante\u00A0: Choix du mot de passe");
  check_glyphs(bench.page());
  KitBench last(1280, 800, 1);
  last.frames([](const ui::Ui& kit) { ui::stepper(kit, 5, 5, "Mot de passe", {}); }, 2);
  CHECK(last.find("etape")->label == "Étape 5 sur 5");
  CHECK_FALSE(last.find("etape.suivante"));
}

TEST_CASE("kit: a button's label wider than the column wraps, the button across it and taller",
          "[ui][kit]") {
  KitBench bench(390, 844, 3);
  int pressed = 0;
  bool busy = false;
  auto draw = [&](const ui::Ui& kit) {
    if (ui::button(kit, "court", "Valider", ui::ButtonStyle::Secondary, true, false)) ++pressed;
    if (ui::button(kit, "long", "Donner un nouveau mot de passe provisoire", ui::ButtonStyle::Secondary, true,
                   false, busy))
      ++pressed;
  };
  bench.frames(draw, 2);
  const Widget* one_line = bench.find("court");
  REQUIRE(one_line);
  CHECK(bench.css(one_line->max.y - one_line->min.y) == Approx(48).margin(0.5));
  CHECK(bench.css(one_line->max.x - one_line->min.x) < 200);  // as wide as its label
  const Widget* wrapped = bench.find("long");
  REQUIRE(wrapped);
  CHECK(wrapped->label == "Donner un nouveau mot de passe provisoire");
  CHECK(bench.css(wrapped->max.x - wrapped->min.x) == Approx(390 - 32).margin(1));  // the column
  CHECK(bench.css(wrapped->max.y - wrapped->min.y) == Approx(2 * 24 + 24).margin(0.5));  // two lines
  CHECK(wrapped->min.y >= one_line->max.y);
  bench.click(draw, "long");
  CHECK(pressed == 1);
  busy = true;
  bench.frames(draw, 2);
  CHECK(bench.find("long")->busy);
  CHECK_FALSE(bench.find("long")->enabled);
}

TEST_CASE("kit: checkbox and link are touch-sized and report their clicks", "[ui][kit]") {
  KitBench bench(390, 844, 3);
  bool accepted = false;
  int forgotten = 0;
  auto draw = [&](const ui::Ui& kit) {
    if (ui::checkbox(kit, "conditions", "J’accepte les conditions d’utilisation", accepted))
      accepted = !accepted;
    if (ui::link_button(kit, "identifiant-oublie", "Identifiant oublié ?")) ++forgotten;
  };
  bench.frames(draw, 2);
  const Widget* box = bench.find("conditions");
  REQUIRE(box);
  CHECK(box->kind == ui::bridge::Kind::Checkbox);
  CHECK_FALSE(box->checked);
  CHECK(bench.css(box->max.y - box->min.y) >= 44.0f);
  const Widget* link = bench.find("identifiant-oublie");
  REQUIRE(link);
  CHECK(link->kind == ui::bridge::Kind::Link);
  CHECK(link->label == "Identifiant oublié ?");
  CHECK(bench.css(link->max.y - link->min.y) >= 44.0f);
  CHECK(link->min.y >= box->max.y);
  bench.click(draw, "conditions");
  CHECK(accepted);
  CHECK(bench.find("conditions")->checked);
  bench.click(draw, "identifiant-oublie");
  CHECK(forgotten == 1);
  check_glyphs(bench.page());
}

// --- Semantics: what assistive technologies get from each screen -----------------

namespace {

// The browser's way for the length of a test: fields and focus are the DOM's.
struct DomInput {
  DomInput() { ui::bridge::set_dom_input(true); }
  ~DomInput() {
    ui::bridge::set_focus("", false);
    ui::bridge::set_dom_input(false);
  }
};

bool known_autocomplete(const std::string& token) {
  static const std::vector<std::string> kTokens = {
      "off", "username", "current-password", "new-password", "one-time-code", "tel", "email",
      "family-name", "given-name", "bday"};
  return std::find(kTokens.begin(), kTokens.end(), token) != kTokens.end();
}

const Widget* node_of(std::string_view test_id) {
  for (const auto& w : ui::bridge::widgets())
    if (w.test_id == test_id) return &w;
  return nullptr;
}

}  // namespace

TEST_CASE("semantics: every widget of every screen has a role, a French name and its states", "[ui][semantics]") {
  const auto [css_width, css_height] = GENERATE(std::pair{390.0f, 844.0f}, std::pair{1280.0f, 800.0f});
  DomInput dom;
  Headless page(css_width, css_height, 2);
  page.page_scroll = 0.0f;  // as in a browser: no scrollbar of ImGui's own
  for (const auto& [name, filled] : every_state()) {
    const Screen screen = filled.screen;
    for (const bool refused : {false, true}) {
      AppState state = filled;
      // The newly linked child answered "yes": its birth date field shows on "Mon compte".
      if (screen == Screen::Account) update(state, GuardianAnswered{0, GuardianAnswer::Yes});
      if (refused) {
        // What a refused submit shows: the whole form's alert and each field's error.
        state.form_error = "Le service a refusé la demande.";
        for (Field field : {Field::SignInIdentifier, Field::LastName, Field::Phone, Field::Code, Field::NewPassword,
                            Field::AccountEmail, Field::AccountPhone, Field::CurrentPassword,
                            Field::RecoveryIdentifier, Field::RecoveryCode, Field::OtherIdentifier,
                            Field::PupilBirthDate, Field::PupilNewPassword, Field::FirstSignInChildBirthDate,
                            Field::StaffEmail,
                            Field::StaffPassword, Field::StaffTotpCode, Field::StaffRecoveryCode,
                            Field::StaffNewPassword, Field::StaffSearchName, Field::StaffSearchClass})
          state.field_errors[field] = "Ce champ est obligatoire.";
      }
      page.frames(state);
      INFO(name << (refused ? " after a refused submit" : ""));
      int titles = 0, fields = 0, primaries = 0;
      for (const auto& w : ui::bridge::widgets()) {
        INFO(w.test_id << " « " << w.label << " »");
        // A widget ImGui drew that the kit did not describe has no role: a screen reader
        // would not know it. Every item must come through the kit.
        CHECK(w.kind != ui::bridge::Kind::Other);
        CHECK(std::string(ui::bridge::role_name(w)) != "");
        CHECK_FALSE(w.test_id.empty());
        CHECK_FALSE(w.label.empty());
        if (w.kind == ui::bridge::Kind::Heading) {
          CHECK((w.level == 1 || w.level == 2));
          titles += w.level == 1;
        }
        if (w.kind == ui::bridge::Kind::Link) CHECK_FALSE(w.href.empty());
        if (w.kind == ui::bridge::Kind::Button && w.primary) ++primaries;
        if (w.kind == ui::bridge::Kind::Radio) {
          // A radio answers the question of its group, which has a name.
          REQUIRE_FALSE(w.group.empty());
          const Widget* group = node_of(w.group);
          REQUIRE(group);
          CHECK(group->kind == ui::bridge::Kind::Group);
          CHECK_FALSE(group->label.empty());
        }
        if (w.kind == ui::bridge::Kind::Input) {
          ++fields;
          // Every field is required but those whose label says "(facultatif)".
          CHECK((w.required || w.label.ends_with("(facultatif)")));
          CHECK(known_autocomplete(w.autocomplete));
          CHECK(w.label_max.y > w.label_min.y);  // a visible label, above the box
          CHECK(w.label_max.y <= w.min.y);
          for (const std::string& id : w.described_by) {
            INFO("described by " << id);
            CHECK(node_of(id));
          }
          const bool error_said =
              std::find(w.described_by.begin(), w.described_by.end(), w.test_id + ".erreur") != w.described_by.end();
          CHECK(w.invalid == error_said);
          if (w.secret) CHECK(w.masked);  // a password is hidden until the eye shows it
        }
        if (w.kind == ui::bridge::Kind::Alert && w.test_id == "alerte.erreur") CHECK_FALSE(w.status);
        // The password's rules are a list of five items (RGAA 9.3).
        if (w.test_id.starts_with("regle.")) {
          CHECK(w.group == "regles");
          CHECK(std::string(ui::bridge::role_name(w)) == "listitem");
        }
      }
      CHECK(titles == 1);  // one <h1> per screen: its title, or the step's
      if (fields > 0) {
        CHECK(primaries >= 1);  // Enter in a field has a main action to press
        // "Tous les champs sont obligatoires." before the first field (RGAA 11.10).
        const Widget* note = node_of("champs-obligatoires");
        REQUIRE(note);
        for (const auto& w : ui::bridge::widgets())
          if (w.kind == ui::bridge::Kind::Input) CHECK(note->max.y <= w.label_min.y);
      }
    }
  }
}

TEST_CASE("semantics: the DOM's activations, typing and focus reach the kit", "[ui][semantics]") {
  DomInput dom;
  KitBench bench(390, 844, 2);
  std::string name = "Zoé";
  std::string code;
  int pressed = 0, picked = 0;
  bool busy = false;
  auto draw = [&](const ui::Ui& kit) {
    ui::begin_group(kit, "groupe.choix", "Votre choix");
    ui::heading(kit, "titre.choix", "Votre choix");
    if (ui::radio(kit, "choix.oui", "Oui", picked == 1)) picked = 1;
    if (ui::radio(kit, "choix.non", "Non", picked == 2)) picked = 2;
    ui::end_group(kit);
    ui::text_field(kit, "prenom", "Prénom", {}, name, ui::kPurposeGivenName, {}, true, 8);
    ui::text_field(kit, "code", "Code reçu par SMS", "6 chiffres", code, ui::kPurposeCode,
                   code.empty() ? "Saisissez le code." : "");
    if (ui::button(kit, "valider", "Valider", ui::ButtonStyle::Primary, true, true, busy)) ++pressed;
  };
  bench.frames(draw, 2);

  // Structure: the radios in their named group, the heading inside it, the primary button.
  const Widget* group = bench.find("groupe.choix");
  REQUIRE(group);
  CHECK(group->kind == ui::bridge::Kind::Group);
  CHECK(bench.find("titre.choix")->group == "groupe.choix");
  CHECK(bench.find("choix.oui")->group == "groupe.choix");
  CHECK(group->min.y <= bench.find("titre.choix")->min.y);
  CHECK(group->max.y >= bench.find("choix.non")->max.y);
  CHECK(bench.find("prenom")->group.empty());
  CHECK(bench.find("valider")->primary);
  CHECK(bench.find("prenom")->value == "Zoé");
  const Widget* field = bench.find("code");
  CHECK(field->invalid);
  CHECK(field->described_by == std::vector<std::string>{"code.indication", "code.erreur"});
  REQUIRE(bench.find("code.erreur"));
  CHECK(bench.find("code.erreur")->label == "Saisissez le code.");

  // A screen reader's click, Enter or Space on the DOM element presses it, once.
  ui::bridge::activate("valider");
  bench.frames(draw, 2);
  CHECK(pressed == 1);
  ui::bridge::activate("choix.non");
  bench.frames(draw, 2);
  CHECK(picked == 2);
  CHECK(bench.find("choix.non")->checked);
  // A busy button takes no press, from the DOM either.
  busy = true;
  bench.frames(draw);
  ui::bridge::activate("valider");
  bench.frames(draw, 2);
  CHECK(pressed == 1);
  CHECK(bench.find("valider")->busy);
  // An activation for a node no longer drawn is forgotten with the frame.
  ui::bridge::activate("ailleurs");
  bench.frames(draw);
  CHECK_FALSE(ui::bridge::take_activation("ailleurs"));

  // Typing into the <input> (or a manager filling it) is the field's value at the next frame;
  // the byte limit keeps whole characters.
  ui::bridge::edit("code", "123456", 6, 6, 0);
  bench.frames(draw, 2);  // the second frame's error is worked out from the new value
  CHECK(code == "123456");
  CHECK(bench.find("code")->value == "123456");
  CHECK_FALSE(bench.find("code")->invalid);
  ui::bridge::edit("prenom", "Zoé-Élise", 4, 4, 0);
  bench.frames(draw);
  CHECK(name == "Zoé-Él");  // 8 bytes: "Zoé-É" is 7, "l" fits, "i" does not
  CHECK(bench.find("prenom")->value == "Zoé-Él");
  // The app's own change wins over an old edit: no edit pending, the value stays the app's.
  code.clear();
  bench.frames(draw, 2);
  CHECK(bench.find("code")->value.empty());

  // The DOM's focus: "focused" for the bridge, the ring drawn when the browser shows it.
  ui::bridge::set_focus("prenom", true);
  bench.frames(draw);
  CHECK(bench.find("prenom")->focused);
  CHECK_FALSE(bench.find("code")->focused);
  CHECK(ui::bridge::editing_text());
  CHECK(ui::bridge::shows_focus(bench.find("prenom")->id, "prenom"));
  ui::bridge::set_focus("valider", false);  // focused by a click: no ring
  bench.frames(draw);
  CHECK(bench.find("valider")->focused);
  CHECK_FALSE(ui::bridge::shows_focus(bench.find("valider")->id, "valider"));
  CHECK_FALSE(ui::bridge::editing_text());

  const std::string json = ui::bridge::to_json(2, "#/banc");
  CHECK(json.find(R"("role":"radio")") != std::string::npos);
  CHECK(json.find(R"("role":"group")") != std::string::npos);
  CHECK(json.find(R"("describedby":["code.indication","code.erreur"])") != std::string::npos);
}

namespace {

// WCAG's relative luminance and contrast ratio of two opaque colours.
double luminance(ImU32 c) {
  auto channel = [](unsigned v) {
    const double s = v / 255.0;
    return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel((c >> IM_COL32_R_SHIFT) & 0xFF) + 0.7152 * channel((c >> IM_COL32_G_SHIFT) & 0xFF) +
         0.0722 * channel((c >> IM_COL32_B_SHIFT) & 0xFF);
}

double contrast(ImU32 a, ImU32 b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace

TEST_CASE("theme: text at 4.5:1 and controls at 3:1 against what they are drawn on (RGAA 3.2, 3.3)", "[ui][semantics]") {
  namespace c = ui::color;
  // Text: body, secondary, hints, links and errors on the card, the page and the tiles.
  for (ImU32 text : {c::kText, c::kTextMention, c::kTextHint, c::kBlueFrance, c::kError, c::kSuccess})
    for (ImU32 ground : {c::kSurface, c::kBackground, c::kHover, c::kBlueFranceLight}) {
      INFO(std::hex << text << " on " << ground);
      CHECK(contrast(text, ground) >= 4.5);
    }
  CHECK(contrast(c::kSurface, c::kBlueFrance) >= 4.5);        // a primary button's label
  CHECK(contrast(c::kSurface, c::kBlueFranceHover) >= 4.5);   // ... under the pointer
  CHECK(contrast(c::kText, c::kSelection) >= 4.5);            // selected text in a field
  // Parts of controls: the focus ring, a field's underline, radio circles and checkboxes.
  for (ImU32 part : {c::kFocus, c::kTextMention, c::kBlueFrance, c::kError})
    for (ImU32 ground : {c::kSurface, c::kBackground}) {
      INFO(std::hex << part << " on " << ground);
      CHECK(contrast(part, ground) >= 3.0);
    }
}

// --- "Déclaration d'accessibilité" ----------------------------------------------------

TEST_CASE("the link under a phone's screen opens the statement; Précédent returns with the form kept",
          "[ui][accessibility]") {
  Headless page(390, 844, 3);
  AppState state;
  update(state, AppStarted{"#/connexion", std::nullopt});
  update(state, FieldEdited{Field::SignInIdentifier, "e.dupont07"});
  page.frames(state);
  const Widget* link = page.scroll_to(state, "lien.accessibilite");
  REQUIRE(link);
  page.click(state, *link);
  CHECK(state.screen == Screen::Accessibility);
  page.frames(state);
  REQUIRE(page.find("titre"));
  CHECK(page.find("titre")->label == "Déclaration d'accessibilité");
  CHECK(page.find("titre.etat")->label == "État de conformité");
  CHECK(page.find("etat")->label.find("partiellement conforme") != std::string::npos);
  CHECK(page.find("date")->label == "Cette déclaration a été établie le 7 décembre 2026.");
  check_glyphs(page);
  const Widget* back = page.scroll_to(state, "precedent");
  REQUIRE(back);
  CHECK(back->label == "Précédent");
  page.click(state, *back);
  CHECK(state.screen == Screen::SignIn);
  CHECK(state.sign_in.identifier == "e.dupont07");
}

TEST_CASE("the statement's sections, in the model's order, fit 320 CSS px and a 200 % zoom",
          "[ui][accessibility]") {
  const std::vector<std::pair<std::string, std::string>> sections = {
      {"titre.etat", "État de conformité"},
      {"titre.resultats", "Résultats des tests"},
      {"titre.non-accessibles", "Contenus non accessibles"},
      {"titre.etablissement", "Établissement de cette déclaration"},
      {"titre.technologies", "Technologies utilisées"},
      {"titre.environnement", "Environnement de test"},
      {"titre.contact", "Retour d'information et contact"},
      {"titre.recours", "Voies de recours"},
  };
  // 320 CSS px: the narrowest phone; 640: a 1280-pixel window at 200 %.
  const auto [css_width, css_height, dpr] = GENERATE(std::tuple{320.0f, 568.0f, 2.0f}, std::tuple{640.0f, 400.0f, 2.0f});
  Headless page(css_width, css_height, dpr);
  AppState state;
  update(state, AppStarted{"#/accessibilite", std::nullopt});
  page.frames(state);
  INFO(css_width << " CSS px");
  float previous = page.find("titre")->max.y;
  for (const auto& [id, label] : sections) {
    const Widget* heading = page.find(id);
    REQUIRE(heading);
    CHECK(heading->label == label);
    CHECK(heading->kind == ui::bridge::Kind::Heading);
    CHECK(heading->min.y >= previous);
    previous = heading->max.y;
  }
  for (const auto& w : ui::bridge::widgets()) {
    INFO(w.test_id << " « " << w.label << " »");
    CHECK(page.css(w.min.x) >= 0);
    CHECK(page.css(w.max.x) <= css_width + 0.5f);
  }
  CHECK(page.find("recours.courrier")->label.find("Libre réponse\u00A071120, 75342\u00A0Paris CEDEX\u00A007") !=
        std::string::npos);
  check_accessibility_link(page, css_width, css_height);
  check_glyphs(page);
}
