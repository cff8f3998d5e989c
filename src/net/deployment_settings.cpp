#include "net/deployment_settings.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/roles.h"
#include "core/utf8.h"
#include "fmt/format.h"
#include "spdlog/spdlog.h"

namespace mc {

using nlohmann::json;

namespace {

constexpr std::string_view kCrisisSection = "crisis_lines";
constexpr std::string_view kRtcSection = "rtc";

bool HasControlCharacters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.size() > prefix.size() && text.substr(0, prefix.size()) == prefix;
}

json CrisisJson(const std::vector<CrisisLine>& lines) {
  json list = json::array();
  for (const CrisisLine& line : lines) list.push_back({{"label", line.label}, {"how", line.how}});
  return list;
}

// The stored forms, read back; a value that fails the checks is an error.
StatusOr<std::vector<CrisisLine>> CrisisFromJson(const json& value) {
  if (!value.is_array() || value.size() > kMaxCrisisLines) {
    return InvalidArgument("too_many_crisis_lines", "at most 8 crisis lines");
  }
  std::vector<CrisisLine> lines;
  for (const json& item : value) {
    if (!item.is_object() || !item.value("label", json()).is_string() ||
        !item.value("how", json()).is_string()) {
      return InvalidArgument("invalid_crisis_line", "each line needs a label and how");
    }
    CrisisLine line{item["label"].get<std::string>(), item["how"].get<std::string>()};
    MC_RETURN_IF_ERROR(CheckCrisisLine(line));
    lines.push_back(std::move(line));
  }
  return lines;
}

Status CheckUrls(const std::vector<std::string>& urls, IceServerKind kind) {
  if (urls.size() > kMaxIceUrls) {
    return InvalidArgument("too_many_urls", fmt::format("at most {} servers of each kind", kMaxIceUrls));
  }
  for (const std::string& url : urls) MC_RETURN_IF_ERROR(CheckIceUrl(url, kind));
  return Status();
}

Status CheckRtc(const RtcSettings& rtc) {
  MC_RETURN_IF_ERROR(CheckUrls(rtc.stun_urls, IceServerKind::kStun));
  MC_RETURN_IF_ERROR(CheckUrls(rtc.turn_urls, IceServerKind::kTurn));
  if (!rtc.turn_secret.empty()) MC_RETURN_IF_ERROR(CheckTurnSecret(rtc.turn_secret));
  if (!rtc.turn_urls.empty() && rtc.turn_secret.empty()) {
    return InvalidArgument("turn_secret_required",
                           "TURN servers need the shared secret set in coturn");
  }
  return Status();
}

StatusOr<RtcSettings> RtcFromJson(const json& value, int64_t credential_seconds) {
  RtcSettings rtc;
  rtc.turn_credential_seconds = credential_seconds;
  if (!value.is_object()) return InvalidArgument("invalid_field", "not an object");
  for (const auto& [key, field] : {std::pair{"stun_urls", &rtc.stun_urls},
                                   std::pair{"turn_urls", &rtc.turn_urls}}) {
    const json list = value.value(key, json::array());
    if (!list.is_array()) return InvalidArgument("invalid_field", "not a list");
    for (const json& url : list) {
      if (!url.is_string()) return InvalidArgument("invalid_field", "not a URL");
      field->push_back(url.get<std::string>());
    }
  }
  rtc.turn_secret = value.value("turn_secret", std::string());
  MC_RETURN_IF_ERROR(CheckRtc(rtc));
  return rtc;
}

}  // namespace

Status CheckIceUrl(std::string_view url, IceServerKind kind) {
  const bool stun = kind == IceServerKind::kStun;
  const bool known = stun ? (StartsWith(url, "stun:") || StartsWith(url, "stuns:"))
                          : (StartsWith(url, "turn:") || StartsWith(url, "turns:"));
  const std::string code = stun ? "invalid_stun_url" : "invalid_turn_url";
  if (!known || url.size() > kMaxIceUrlBytes || HasControlCharacters(url) ||
      url.find_first_of(" \"'<>\\") != std::string_view::npos) {
    return InvalidArgument(
        code, fmt::format("'{}' is not a {} server address such as {}", RepairUtf8(url.substr(0, 64)),
                          stun ? "STUN" : "TURN",
                          stun ? "stun:turn.example.org:3478" : "turn:turn.example.org:3478"));
  }
  return Status();
}

Status CheckCrisisLine(const CrisisLine& line) {
  const auto bad = [&](std::string_view why) {
    return InvalidArgument("invalid_crisis_line",
                           fmt::format("'{}': {}", RepairUtf8(line.label.substr(0, 60)), why));
  };
  if (line.label.empty() || line.label.size() > kMaxCrisisLabelBytes) {
    return bad(fmt::format("the name needs 1 to {} characters", kMaxCrisisLabelBytes));
  }
  if (line.how.empty() || line.how.size() > kMaxCrisisHowBytes) {
    return bad(fmt::format("how to reach it needs 1 to {} characters", kMaxCrisisHowBytes));
  }
  if (!IsValidUtf8(line.label) || !IsValidUtf8(line.how) || HasControlCharacters(line.label) ||
      HasControlCharacters(line.how) || line.label.find(':') != std::string::npos) {
    return bad("use plain text (no line breaks; no ':' in the name)");
  }
  const auto digits = std::count_if(line.how.begin(), line.how.end(),
                                    [](char c) { return c >= '0' && c <= '9'; });
  if (digits < 3 && line.how.find("https://") == std::string::npos) {
    return bad("give a number to call or text (at least 3 digits) or an https:// address");
  }
  return Status();
}

StatusOr<CrisisLine> ParseCrisisLine(std::string_view text) {
  const auto trim = [](std::string_view part) {
    const size_t begin = part.find_first_not_of(' ');
    if (begin == std::string_view::npos) return std::string();
    return std::string(part.substr(begin, part.find_last_not_of(' ') - begin + 1));
  };
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return InvalidArgument("invalid_crisis_line",
                           fmt::format("'{}' is not 'label: how to reach it'",
                                       RepairUtf8(text.substr(0, 60))));
  }
  CrisisLine line{trim(text.substr(0, colon)), trim(text.substr(colon + 1))};
  MC_RETURN_IF_ERROR(CheckCrisisLine(line));
  return line;
}

Status CheckTurnSecret(std::string_view secret) {
  const bool printable = std::all_of(secret.begin(), secret.end(),
                                     [](char c) { return c > 0x20 && c < 0x7f; });
  if (secret.size() < kMinTurnSecretBytes || secret.size() > kMaxTurnSecretBytes || !printable) {
    return InvalidArgument("invalid_turn_secret",
                           fmt::format("the TURN secret needs {} to {} characters without spaces",
                                       kMinTurnSecretBytes, kMaxTurnSecretBytes));
  }
  return Status();
}

DeploymentSettings::DeploymentSettings(OperationsStore& store, AuditLog* audit,
                                       const Clock& clock, DeploymentValues defaults)
    : store_(store),
      audit_(audit),
      clock_(clock),
      defaults_(std::move(defaults)),
      current_(std::make_shared<const DeploymentValues>(defaults_)) {}

Status DeploymentSettings::Load() {
  MC_ASSIGN_OR_RETURN(std::vector<SettingRow> rows, store_.ListSettings());
  DeploymentValues values = defaults_;
  SectionState crisis, rtc;
  for (const SettingRow& row : rows) {
    const json value = json::parse(row.value, nullptr, false);
    const SectionState state{SettingSource::kConsole, row.updated_by_user_id, row.updated_unix_ms};
    Status applied;
    if (row.name == kCrisisSection) {
      auto lines = CrisisFromJson(value);
      applied = lines.status();
      if (lines.ok()) {
        values.crisis_lines = *std::move(lines);
        crisis = state;
      }
    } else if (row.name == kRtcSection) {
      auto settings = RtcFromJson(value, defaults_.rtc.turn_credential_seconds);
      applied = settings.status();
      if (settings.ok()) {
        values.rtc = *std::move(settings);
        rtc = state;
      }
    }
    if (!applied.ok()) {
      spdlog::warn("deployment setting '{}' saved in the console is not valid ({}); the "
                   "configured value applies",
                   row.name, ErrorCode(applied));
    }
  }
  absl::MutexLock lock(&mutex_);
  current_ = std::make_shared<const DeploymentValues>(std::move(values));
  crisis_state_ = crisis;
  rtc_state_ = rtc;
  return Status();
}

std::shared_ptr<const DeploymentValues> DeploymentSettings::Current() const {
  absl::MutexLock lock(&mutex_);
  return current_;
}

Status DeploymentSettings::Audit(const Actor& actor, const std::string& action,
                                 std::string_view section, AuditOutcome outcome) const {
  if (audit_ == nullptr) return Status();
  const std::string resource = section.empty() ? "" : fmt::format("Setting/{}", section);
  return audit_->Record(actor, {action, resource, "", outcome});
}

Status DeploymentSettings::RequireOperate(const Actor& actor) const {
  if (Can(actor.role, Capability::kOperate)) return Status();
  (void)Audit(actor, "settings", "", AuditOutcome::kDenied);
  return PermissionDenied("access_denied", "deployment settings are for administrators");
}

StatusOr<DeploymentSettings::Description> DeploymentSettings::Describe(const Actor& actor) const {
  MC_RETURN_IF_ERROR(RequireOperate(actor));
  absl::MutexLock lock(&mutex_);
  return Description{current_, crisis_state_, rtc_state_};
}

Status DeploymentSettings::Save(const Actor& actor, std::string_view section,
                                const std::string& value_json, const DeploymentValues& next) {
  const int64_t now = clock_.NowUnixMs();
  MC_RETURN_IF_ERROR(store_.PutSetting({std::string(section), value_json, actor.user_id, now}));
  MC_RETURN_IF_ERROR(Audit(actor, fmt::format("settings.{}", section), section,
                           AuditOutcome::kSuccess));
  spdlog::info("deployment setting '{}' changed by user {}", section, actor.user_id);
  absl::MutexLock lock(&mutex_);
  current_ = std::make_shared<const DeploymentValues>(next);
  (section == kCrisisSection ? crisis_state_ : rtc_state_) =
      SectionState{SettingSource::kConsole, actor.user_id, now};
  return Status();
}

Status DeploymentSettings::SetCrisisLines(const Actor& actor, std::vector<CrisisLine> lines) {
  MC_RETURN_IF_ERROR(RequireOperate(actor));
  if (lines.size() > kMaxCrisisLines) {
    return InvalidArgument("too_many_crisis_lines",
                           fmt::format("at most {} crisis lines", kMaxCrisisLines));
  }
  for (const CrisisLine& line : lines) MC_RETURN_IF_ERROR(CheckCrisisLine(line));
  absl::MutexLock change(&change_mutex_);
  DeploymentValues next = *Current();
  next.crisis_lines = std::move(lines);
  return Save(actor, kCrisisSection, CrisisJson(next.crisis_lines).dump(), next);
}

Status DeploymentSettings::SetRtc(const Actor& actor, RtcChange change) {
  MC_RETURN_IF_ERROR(RequireOperate(actor));
  absl::MutexLock lock(&change_mutex_);
  DeploymentValues next = *Current();
  next.rtc.stun_urls = std::move(change.stun_urls);
  next.rtc.turn_urls = std::move(change.turn_urls);
  if (change.turn_secret.has_value()) next.rtc.turn_secret = *std::move(change.turn_secret);
  MC_RETURN_IF_ERROR(CheckRtc(next.rtc));
  const json value = {{"stun_urls", next.rtc.stun_urls},
                      {"turn_urls", next.rtc.turn_urls},
                      {"turn_secret", next.rtc.turn_secret}};
  return Save(actor, kRtcSection, value.dump(), next);
}

Status DeploymentSettings::Reset(const Actor& actor, std::string_view section) {
  MC_RETURN_IF_ERROR(RequireOperate(actor));
  if (section != kCrisisSection && section != kRtcSection) {
    return NotFound("setting_not_found", "no such setting");
  }
  absl::MutexLock change(&change_mutex_);
  MC_RETURN_IF_ERROR(store_.DeleteSetting(std::string(section)));
  MC_RETURN_IF_ERROR(Audit(actor, "settings.reset", section, AuditOutcome::kSuccess));
  spdlog::info("deployment setting '{}' reset to the configured value by user {}", section,
               actor.user_id);
  DeploymentValues next = *Current();
  if (section == kCrisisSection) {
    next.crisis_lines = defaults_.crisis_lines;
  } else {
    next.rtc = defaults_.rtc;
  }
  absl::MutexLock lock(&mutex_);
  current_ = std::make_shared<const DeploymentValues>(std::move(next));
  (section == kCrisisSection ? crisis_state_ : rtc_state_) = SectionState{};
  return Status();
}

}  // namespace mc
