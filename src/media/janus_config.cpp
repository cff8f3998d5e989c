#include "media/janus_config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/crypto.h"
#include "fmt/format.h"

namespace mc::media {

namespace fs = std::filesystem;

namespace {

// A port the kernel says is free on loopback now (Janus binds it moments
// later; a collision makes Janus fail to start, and the supervisor retries
// with new ports).
uint16_t FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

Status WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  std::error_code ignored;
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write,
                  ignored);
  if (!out) return Internal("janus_config", "cannot write " + path.string());
  return Status();
}

// A folder holding links to just `libraries` of `from`.
Status LinkFolder(const fs::path& folder, const std::string& from,
                  std::initializer_list<const char*> libraries) {
  std::error_code error;
  fs::remove_all(folder, error);
  fs::create_directories(folder, error);
  if (error) return Internal("janus_config", "cannot create " + folder.string());
  for (const char* library : libraries) {
    fs::create_symlink(fs::path(from) / library, folder / library, error);
    if (error)
      return Internal("janus_config", fmt::format("cannot link {}", library));
  }
  return Status();
}

}  // namespace

StatusOr<JanusInstall> FindJanus() {
  JanusInstall install;
  const char* override_binary = std::getenv("METACLINIC_JANUS");
  install.binary = override_binary != nullptr ? override_binary : "/usr/bin/janus";
  if (::access(install.binary.c_str(), X_OK) != 0)
    return NotFound("janus_not_installed",
                    fmt::format("{} is not installed (scripts/install-deps "
                                "installs Debian's janus)",
                                install.binary));
  for (const char* lib : {"/usr/lib/x86_64-linux-gnu/janus",
                          "/usr/lib/aarch64-linux-gnu/janus", "/usr/lib/janus",
                          "/usr/local/lib/janus", "/opt/janus/lib/janus"}) {
    if (fs::exists(fs::path(lib) / "plugins" / "libjanus_videoroom.so")) {
      install.plugins_dir = fs::path(lib) / "plugins";
      install.transports_dir = fs::path(lib) / "transports";
      return install;
    }
  }
  return NotFound("janus_not_installed",
                  "Janus's VideoRoom plugin was not found");
}

JanusSettings NewJanusSettings(const std::string& directory) {
  JanusSettings settings;
  settings.directory = directory;
  settings.websocket_port = FreeLoopbackPort();
  settings.http_port = FreeLoopbackPort();
  settings.admin_secret = RandomHex(24);
  settings.token_secret = RandomHex(24);
  settings.room_admin_key = RandomHex(24);
  return settings;
}

Status WriteJanusConfig(const JanusInstall& install,
                        const JanusSettings& settings) {
  const fs::path dir = settings.directory;
  std::error_code error;
  fs::create_directories(dir, error);
  fs::permissions(dir, fs::perms::owner_all, error);
  if (error) return Internal("janus_config", "cannot create " + dir.string());
  MC_RETURN_IF_ERROR(LinkFolder(dir / "plugins", install.plugins_dir,
                                {"libjanus_videoroom.so"}));
  MC_RETURN_IF_ERROR(LinkFolder(dir / "transports", install.transports_dir,
                                {"libjanus_websockets.so", "libjanus_http.so"}));
  MC_RETURN_IF_ERROR(LinkFolder(dir / "events", install.plugins_dir, {}));
  MC_RETURN_IF_ERROR(LinkFolder(dir / "loggers", install.plugins_dir, {}));

  std::string nat = "\tice_ignore_list = \"vmnet\"\n";
  if (!settings.nat_1_1.empty())
    nat += fmt::format("\tnat_1_1_mapping = \"{}\"\n", settings.nat_1_1);
  if (auto colon = settings.stun_server.rfind(':');
      colon != std::string::npos) {
    nat += fmt::format("\tstun_server = \"{}\"\n\tstun_port = {}\n",
                       settings.stun_server.substr(0, colon),
                       settings.stun_server.substr(colon + 1));
  }
  MC_RETURN_IF_ERROR(WriteFile(
      dir / "janus.jcfg",
      fmt::format(
          "# Written by metaclinic serve; rewritten at every start.\n"
          "general: {{\n"
          "\tconfigs_folder = \"{0}\"\n"
          "\tplugins_folder = \"{0}/plugins\"\n"
          "\ttransports_folder = \"{0}/transports\"\n"
          "\tevents_folder = \"{0}/events\"\n"
          "\tloggers_folder = \"{0}/loggers\"\n"
          "\tdebug_level = 3\n"
          "\tserver_name = \"MetaClinic\"\n"
          "\tadmin_secret = \"{1}\"\n"
          "\ttoken_auth = true\n"
          "\ttoken_auth_secret = \"{2}\"\n"
          "\tsession_timeout = 60\n"
          "\thide_dependencies = true\n"
          "}}\n"
          "media: {{\n\trtp_port_range = \"{3}\"\n}}\n"
          "nat: {{\n{4}}}\n"
          "plugins: {{\n}}\ntransports: {{\n}}\nevents: {{\n}}\n"
          "loggers: {{\n}}\n",
          dir.string(), settings.admin_secret, settings.token_secret,
          settings.rtp_port_range, nat)));
  MC_RETURN_IF_ERROR(WriteFile(
      dir / "janus.transport.websockets.jcfg",
      fmt::format("general: {{\n\tjson = \"compact\"\n\tws = true\n"
                  "\tws_port = {}\n\tws_ip = \"127.0.0.1\"\n\twss = false\n}}\n"
                  "admin: {{\n\tadmin_ws = false\n\tadmin_wss = false\n}}\n",
                  settings.websocket_port)));
  MC_RETURN_IF_ERROR(WriteFile(
      dir / "janus.transport.http.jcfg",
      fmt::format("general: {{\n\tjson = \"compact\"\n\tbase_path = \"/janus\"\n"
                  "\thttp = true\n\tport = {}\n\tip = \"127.0.0.1\"\n"
                  "\thttps = false\n}}\n"
                  "admin: {{\n\tadmin_http = false\n\tadmin_https = false\n}}\n",
                  settings.http_port)));
  return WriteFile(
      dir / "janus.plugin.videoroom.jcfg",
      fmt::format("general: {{\n\tadmin_key = \"{}\"\n"
                  "\tlock_rtp_forward = true\n}}\n",
                  settings.room_admin_key));
}

}  // namespace mc::media
