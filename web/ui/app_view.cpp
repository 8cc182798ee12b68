#include "web/ui/app_view.h"

#include "imgui_internal.h"
#include "web/app/routes.h"
#include "web/ui/bridge.h"
#include "web/ui/kit.h"
#include "web/ui/screens.h"

namespace sesame::web::ui {

namespace {

constexpr float kPhoneMarginCss = 16.0f;
constexpr float kDesktopMarginCss = 24.0f;
// Under the card on phones: the accessibility link (up to two lines of 24 CSS px) and its gaps.
constexpr float kPhoneFooterCss = 16 + 2 * 24 + 16;

void draw_screen(Ui& ui, const AppState& state) {
  switch (state.screen) {
    case Screen::ProfileChoice:
      draw_profile_choice(ui, state);
      break;
    case Screen::EduConnectProfile:
      draw_educonnect_profile(ui, state);
      break;
    case Screen::SignIn:
      draw_sign_in(ui, state);
      break;
    case Screen::PupilSignIn:
      draw_pupil_sign_in(ui, state);
      break;
    case Screen::PupilHelp:
      draw_pupil_help(ui, state);
      break;
    case Screen::PupilBirthDate:
      draw_pupil_birth_date(ui, state);
      break;
    case Screen::PupilPassword:
    case Screen::ParentFirstSignInPassword:
      draw_first_sign_in_password(ui, state);
      break;
    case Screen::ParentFirstSignInChildren:
      draw_parent_first_sign_in_children(ui, state);
      break;
    case Screen::PupilAccount:
      draw_pupil_account(ui, state);
      break;
    case Screen::ActivationIdentity:
      draw_activation_identity(ui, state);
      break;
    case Screen::ActivationCode:
      draw_activation_code(ui, state);
      break;
    case Screen::ActivationChildren:
      draw_activation_children(ui, state);
      break;
    case Screen::ActivationPassword:
      draw_activation_password(ui, state);
      break;
    case Screen::ActivationIdentifier:
      draw_activation_identifier(ui, state);
      break;
    case Screen::Account:
      draw_account(ui, state);
      break;
    case Screen::AccountEmail:
      draw_account_email(ui, state);
      break;
    case Screen::AccountPhone:
      draw_account_phone(ui, state);
      break;
    case Screen::AccountPassword:
      draw_account_password(ui, state);
      break;
    case Screen::AccountFromAccount:
      draw_account_from_account(ui, state);
      break;
    case Screen::AccountServices:
      draw_account_services(ui, state);
      break;
    case Screen::AccountFranceConnect:
      draw_account_franceconnect(ui, state);
      break;
    case Screen::RecoveryIdentifier:
      draw_recovery_identifier(ui, state);
      break;
    case Screen::RecoveryPasswordIdentifier:
      draw_recovery_password_identifier(ui, state);
      break;
    case Screen::RecoveryPasswordCode:
      draw_recovery_password_code(ui, state);
      break;
    case Screen::RecoveryPasswordNew:
      draw_recovery_password_new(ui, state);
      break;
    case Screen::FranceConnectAttach:
      draw_franceconnect_attach(ui, state);
      break;
    case Screen::FranceConnectFailure:
      draw_franceconnect_failure(ui, state);
      break;
    case Screen::Accessibility:
      draw_accessibility(ui, state);
      break;
    case Screen::StaffSignIn:
      draw_staff_sign_in(ui, state);
      break;
    case Screen::StaffCode:
      draw_staff_code(ui, state);
      break;
    case Screen::StaffInvitation:
      draw_staff_invitation(ui, state);
      break;
    case Screen::StaffConsole:
      draw_staff_console(ui, state);
      break;
    case Screen::StaffPerson:
      draw_staff_person(ui, state);
      break;
  }
}

}  // namespace

std::vector<Event> draw_app(const AppState& state, const ViewInput& input) {
  std::vector<Event> events;
  Ui ui;
  ui.metrics = input.metrics;
  ui.fonts = input.fonts;
  ui.events = &events;
  const bool narrow = input.metrics.narrow();

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  // Phones scroll with the finger (the platform passes scroll_by); no scrollbar to grab.
  // The browser's document scrolls: no scrollbar or wheel of ImGui's own there.
  const bool document_scroll = input.page_scroll.has_value();
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                           (narrow || document_scroll ? ImGuiWindowFlags_NoScrollbar : 0) |
                           (document_scroll ? ImGuiWindowFlags_NoScrollWithMouse : 0);
  // A new screen starts at its top (the browser's mirror scrolls the document back too).
  static Screen shown = state.screen;
  const bool new_screen = shown != state.screen;
  shown = state.screen;
  if (document_scroll) ImGui::SetNextWindowScroll(ImVec2(0.0f, new_screen ? 0.0f : *input.page_scroll));
  ImGui::Begin("Sésame", nullptr, flags);
  ImGui::PushFont(input.fonts->body);
  if (!document_scroll) {
    if (new_screen)
      ImGui::SetScrollY(0);
    else if (input.scroll_by != 0)
      ImGui::SetScrollY(ImClamp(ImGui::GetScrollY() + input.scroll_by, 0.0f, ImGui::GetScrollMaxY()));
  }

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  Span card_span;
  Span header_span;
  if (narrow) {
    card_span = Span{origin.x, width};
    header_span = Span{origin.x + ui.px(kPhoneMarginCss), width - 2 * ui.px(kPhoneMarginCss)};
  } else {
    // The staff console is a desktop tool: lists and a chart, in a wider card.
    const bool wide = state.screen == Screen::StaffConsole || state.screen == Screen::StaffPerson;
    const float card_width = Metrics::snap(
        std::min(ui.px(wide ? size::kWideCardMaxWidth : size::kCardMaxWidth), width - 2 * ui.px(kDesktopMarginCss)));
    card_span = Span{Metrics::snap(origin.x + (width - card_width) * 0.5f), card_width};
    header_span = card_span;
  }
  ui.column = card_span;

  page_header(ui, header_span);
  if (!narrow) gap(ui, 40);
  // Phones: the card fills the first screen but for the link under it, measured from the
  // page's top (a card following the scroll would push the link out of reach).
  const float screen_bottom = viewport->Pos.y + viewport->Size.y - ImGui::GetScrollY() - ui.px(kPhoneFooterCss);
  Card card = narrow ? begin_card(ui, card_span, kPhoneMarginCss, 24, screen_bottom, false)
                     : begin_card(ui, card_span, 40, 40, 0, true);
  draw_screen(ui, state);
  end_card(ui, card);
  // Under every screen, inside the page's margins: the accessibility statement (RGAA).
  ui.column = header_span;
  gap(ui, narrow ? 16 : 40);
  if (link_button(ui, "lien.accessibilite", "Accessibilité\u00A0: partiellement conforme",
                  route_of(Screen::Accessibility)))
    ui.emit(AccessibilityPressed{});
  gap(ui, narrow ? 16 : 40);
  // The whole page's height, whatever the scroll: the browser's document is that tall.
  bridge::set_page(ImGui::GetCursorPosY(), ImGui::GetScrollY());

  ImGui::PopFont();
  ImGui::End();
  return events;
}

}  // namespace sesame::web::ui
