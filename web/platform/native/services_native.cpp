// platform/services.h in a desktop window: cpp-httplib on worker threads, files
// for assets and storage, the route kept in memory.
#include <GLFW/glfw3.h>
#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "web/platform/native/native_main.h"
#include "web/platform/services.h"

namespace sesame::web::platform {

namespace {

struct Finished {
  HttpDone done;
  HttpResult result;
};

struct Worker {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> done;
};

struct Requests {
  std::mutex mutex;
  std::deque<Finished> finished;
  std::vector<Worker> workers;                 // touched on the UI thread only
  std::map<std::string, std::string> cookies;  // the session cookie, as a browser would keep it
};

Requests& requests() {
  static Requests instance;
  return instance;
}

void finish(HttpDone done, HttpResult result) {
  {
    std::lock_guard lock(requests().mutex);
    requests().finished.push_back({std::move(done), std::move(result)});
  }
  glfwPostEmptyEvent();  // wakes glfwWaitEvents() on the UI thread
}

std::string cookie_header(const std::map<std::string, std::string>& cookies) {
  std::string header;
  for (const auto& [name, value] : cookies) header += (header.empty() ? "" : "; ") + name + "=" + value;
  return header;
}

// Keeps "name=value" of each Set-Cookie; an empty value or Max-Age=0 deletes it.
void remember_cookies(const httplib::Headers& headers) {
  auto [begin, end] = headers.equal_range("Set-Cookie");
  std::lock_guard lock(requests().mutex);
  for (auto it = begin; it != end; ++it) {
    const std::string& line = it->second;
    const std::string pair = line.substr(0, line.find(';'));
    const auto eq = pair.find('=');
    if (eq == std::string::npos) continue;
    const std::string name = pair.substr(0, eq), value = pair.substr(eq + 1);
    if (value.empty() || line.find("Max-Age=0") != std::string::npos)
      requests().cookies.erase(name);
    else
      requests().cookies[name] = value;
  }
}

HttpResult perform(const std::string& method, const std::string& path, const std::string& body) {
  const std::string& server = native::options().server;
  httplib::Client client(server);
  client.set_connection_timeout(3);
  client.set_read_timeout(15);
  client.set_write_timeout(15);
  httplib::Headers headers{{"Accept", "application/json"}, {"Origin", server}};
  {
    std::lock_guard lock(requests().mutex);
    if (!requests().cookies.empty()) headers.emplace("Cookie", cookie_header(requests().cookies));
  }
  auto send = [&]() -> httplib::Result {
    if (method == "POST") return client.Post(path, headers, body, "application/json");
    if (method == "PUT") return client.Put(path, headers, body, "application/json");
    if (method == "PATCH") return client.Patch(path, headers, body, "application/json");
    if (method == "DELETE") return client.Delete(path, headers, body, "application/json");
    return client.Get(path, headers);
  };
  httplib::Result answer = send();
  if (!answer) return HttpResult{0, ""};
  remember_cookies(answer->headers);
  return HttpResult{answer->status, answer->body};
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// localStorage's stand-in: one JSON object in a file.
nlohmann::json load_storage() {
  auto json = nlohmann::json::parse(read_file(native::options().storage), nullptr, false);
  return json.is_object() ? json : nlohmann::json::object();
}

void save_storage(const nlohmann::json& json) {
  const std::filesystem::path path = native::options().storage;
  std::error_code ignored;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << json.dump(2) << '\n';
}

std::string& current_route() {
  static std::string route = native::options().route;  // --route: as a link would open the page
  return route;
}

}  // namespace

void http_send(const std::string& method, const std::string& path, const std::string& body, HttpDone done) {
  auto over = std::make_shared<std::atomic<bool>>(false);
  std::thread thread([method, path, body, over, done = std::move(done)]() mutable {
    finish(std::move(done), perform(method, path, body));
    *over = true;
  });
  requests().workers.push_back({std::move(thread), over});
}

void load_asset(const std::string& name, HttpDone done) {
  std::string bytes = read_file(std::filesystem::path(native::options().assets) / name);
  if (bytes.empty())
    std::cerr << "sesame-client: cannot read " << native::options().assets << "/" << name << "\n";
  finish(std::move(done), HttpResult{bytes.empty() ? 404 : 200, std::move(bytes)});
}

std::optional<std::string> storage_get(const std::string& key) {
  auto json = load_storage();
  auto it = json.find(key);
  if (it == json.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

void storage_set(const std::string& key, const std::string& value) {
  auto json = load_storage();
  json[key] = value;
  save_storage(json);
}

void storage_erase(const std::string& key) {
  auto json = load_storage();
  json.erase(key);
  save_storage(json);
}

std::string route_get() { return current_route(); }
void route_push(const std::string& route) { current_route() = route; }
// The debugging window has no browser to hand the page to: say where it would go.
// ImGui edits the fields itself in a window.
void share_field_font(const std::string&) {}

// A desktop window has no password manager to ask.
void offer_password_save(const std::string&, const std::string&) {}

// No browser to download into: the file goes to the current folder, and the path is said.
void save_file(const std::string& name, const std::string& mime, const std::string& bytes) {
  const std::filesystem::path path = std::filesystem::current_path() / std::filesystem::path(name).filename();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (out)
    std::fprintf(stderr, "sesame-client: saved %s (%s, %zu bytes)\n", path.c_str(), mime.c_str(), bytes.size());
  else
    std::fprintf(stderr, "sesame-client: cannot write %s\n", path.c_str());
}

void open_url(const std::string& url) { std::fprintf(stderr, "sesame-client: would open %s\n", url.c_str()); }
void route_replace(const std::string& route) { current_route() = route; }

// Called on the UI thread, which polls while frames are wanted; worker threads
// wake it themselves (finish()).
void wake() {}

void report_fatal(const std::string& french_message) {
  std::cerr << "sesame-client: " << french_message << "\n";
}

namespace native {

void run_finished_requests() {
  std::deque<Finished> ready;
  {
    std::lock_guard lock(requests().mutex);
    ready.swap(requests().finished);
  }
  for (auto& item : ready) item.done(std::move(item.result));
  // Threads that finished their request can be joined at once.
  auto& workers = requests().workers;
  for (auto it = workers.begin(); it != workers.end();) {
    if (*it->done) {
      it->thread.join();
      it = workers.erase(it);
    } else {
      ++it;
    }
  }
}

void stop_requests() {
  for (auto& worker : requests().workers)
    if (worker.thread.joinable()) worker.thread.join();
  requests().workers.clear();
}

}  // namespace native

}  // namespace sesame::web::platform
