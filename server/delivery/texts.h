#pragma once
// Every SMS and e-mail Sésame sends, in French, in one place: the flows say
// what happened and to whom, these functions say it to the parent. E-mails
// come back composed (subject, blank line, text: compose_email), ready for
// enqueue. tests/server/texts_test.cpp lists them all.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace sesame::delivery {

// --- SMS ------------------------------------------------------------------------
// The code of account creation (the guide: "un code de sécurité par SMS").
std::string activation_code_sms(std::string_view code, std::chrono::seconds validity);
// The code that confirms a new mobile number on "Mon compte".
std::string phone_change_code_sms(std::string_view code, std::chrono::seconds validity);
// The code of "Mot de passe oublié ?".
std::string password_reset_code_sms(std::string_view code, std::chrono::seconds validity);
// "Identifiant oublié ?" by mobile: every open account of the number.
std::string identifiers_sms(const std::vector<std::string>& identifiers);

// --- E-mails --------------------------------------------------------------------
// The code that confirms a new address on "Mon compte".
std::string email_change_code_email(std::string_view code, std::chrono::seconds validity);
// "Identifiant oublié ?" by e-mail.
std::string identifiers_email(const std::vector<std::string>& identifiers);

// To the verified address when something that gives access to the account changes.
enum class AccountChange { email, phone, password };
std::string account_change_email(std::string_view identifier, AccountChange change);
// To the verified address after "Mot de passe oublié ?" set a new password.
std::string password_reset_email(std::string_view identifier);
// To the owner of an account closed because its children moved to another one.
std::string account_closed_email(std::string_view closed_identifier, std::string_view kept_identifier);

// To a new staff member: the invitation link (72 hours) to choose a password
// and enrol the second factor; `schools` as "CLG LES COURTILS (MONTMARTIN-SUR-MER)".
std::string staff_invitation_email(std::string_view name, const std::vector<std::string>& schools,
                                   std::string_view link, std::chrono::seconds validity);

// "30 minutes", "1 minute": a code's validity as a parent reads it, whole
// minutes rounded up so that it never promises less than it gives.
std::string validity_in_minutes(std::chrono::seconds validity);

}  // namespace sesame::delivery
