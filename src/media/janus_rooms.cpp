#include "media/janus_rooms.h"

#include "core/crypto.h"
#include "fmt/format.h"
#include "media/janus_http.h"
#include "nlohmann/json.hpp"

namespace mc::media {

using nlohmann::json;

namespace {

Status Refused(const std::string& what, const json& reply) {
  const json data = reply.value("plugindata", json::object()).value("data", json::object());
  return Unavailable("janus_refused",
                     fmt::format("the media server refused to {} ({})", what,
                                 data.value("error", reply.value("janus", "?"))));
}

}  // namespace

HttpJanusRooms::HttpJanusRooms(std::function<uint16_t()> port,
                               std::function<std::string()> core_token,
                               std::string admin_key, uint32_t ipv4,
                               std::string base_path)
    : port_(std::move(port)),
      core_token_(std::move(core_token)),
      admin_key_(std::move(admin_key)),
      ipv4_(ipv4),
      base_path_(std::move(base_path)) {}

Status HttpJanusRooms::Request(const std::string& what,
                               const std::string& body_json) {
  const uint16_t port = port_();
  if (port == 0)
    return Unavailable("media_unavailable", "the media server is not running");
  const auto post = [&](const std::string& path, json request) {
    request["transaction"] = RandomHex(6);
    request["token"] = core_token_();
    return JanusHttp(ipv4_, port, path, request);
  };
  MC_ASSIGN_OR_RETURN(json session, post(base_path_, {{"janus", "create"}}));
  if (session.value("janus", "") != "success") return Refused(what, session);
  const std::string session_path =
      fmt::format("{}/{}", base_path_, session["data"]["id"].get<uint64_t>());
  Status result;
  auto handle = post(session_path, {{"janus", "attach"},
                                    {"plugin", "janus.plugin.videoroom"}});
  if (!handle.ok() || handle->value("janus", "") != "success") {
    result = handle.ok() ? Refused(what, *handle) : handle.status();
  } else {
    auto reply = post(
        fmt::format("{}/{}", session_path, (*handle)["data"]["id"].get<uint64_t>()),
        {{"janus", "message"}, {"body", json::parse(body_json)}});
    if (!reply.ok()) {
      result = reply.status();
    } else {
      const json data =
          reply->value("plugindata", json::object()).value("data", json::object());
      const std::string answer = data.value("videoroom", "");
      if (answer != "created" && answer != "destroyed" && answer != "success")
        result = Refused(what, *reply);
    }
  }
  (void)post(session_path, {{"janus", "destroy"}});
  return result;
}

Status HttpJanusRooms::Create(const RoomSettings& settings) {
  json body = {{"request", "create"},
               {"room", settings.room},
               {"admin_key", admin_key_},
               {"secret", settings.secret},
               {"description", settings.description},
               {"is_private", true},
               {"publishers", settings.publishers},
               {"audiocodec", "opus"},
               {"videocodec", "vp8"},
               {"audiolevel_event", true},
               {"audio_active_packets", 25},
               {"audio_level_average", 40},
               {"allowed", settings.allowed}};
  return Request("create a room", body.dump());
}

Status HttpJanusRooms::Destroy(uint64_t room, const std::string& secret) {
  return Request("close a room",
                 json{{"request", "destroy"}, {"room", room}, {"secret", secret}}
                     .dump());
}

Status HttpJanusRooms::Allow(uint64_t room, const std::string& secret,
                             const std::vector<std::string>& tokens, bool add) {
  return Request("change who may join",
                 json{{"request", "allowed"},
                      {"room", room},
                      {"secret", secret},
                      {"action", add ? "add" : "remove"},
                      {"allowed", tokens}}
                     .dump());
}

Status HttpJanusRooms::Moderate(uint64_t room, const std::string& secret,
                                uint64_t id, const std::string& mid, bool mute) {
  return Request("mute someone", json{{"request", "moderate"},
                                      {"room", room},
                                      {"secret", secret},
                                      {"id", id},
                                      {"mid", mid},
                                      {"mute", mute}}
                                     .dump());
}

Status HttpJanusRooms::Kick(uint64_t room, const std::string& secret,
                            uint64_t id) {
  return Request("remove someone",
                 json{{"request", "kick"}, {"room", room}, {"secret", secret},
                      {"id", id}}
                     .dump());
}

}  // namespace mc::media
