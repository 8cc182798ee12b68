#pragma once
// sesame-admin staff add|remove|list and sesame-admin audit: the school staff
// of the console (docs/staff-console.md) and what they did. Messages in French.
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace sesame::admin {

struct StaffOptions {
  std::string email;
  std::string name;
  std::vector<std::string> uais;
  std::string origin = "http://127.0.0.1:8080";
  bool print_link = false;
  std::string audit_uai;
  int audit_limit = 200;
};

// Adds `staff` (with add, remove and list under it) and `audit` to the CLI;
// answers the two subcommands, for run_staff_commands().
struct StaffCommands {
  CLI::App* staff = nullptr;
  CLI::App* add = nullptr;
  CLI::App* remove = nullptr;
  CLI::App* list = nullptr;
  CLI::App* audit = nullptr;
};
StaffCommands add_staff_commands(CLI::App& cli, std::filesystem::path& db, StaffOptions& options);

// Runs whichever of them was parsed; answers the exit code, or -1 when none was.
int run_staff_commands(const StaffCommands& commands, const std::filesystem::path& db, const StaffOptions& options);

// After `sesame-admin demo`: the demonstration's staff member, printed with
// the way to its codes.
void put_demo_staff(const std::filesystem::path& db);

}  // namespace sesame::admin
