// DeploymentSettings: the settings an administrator may change while the
// server runs (docs/deployment.md "Settings changed in the admin console"):
// the crisis help lines (GET /api/safety/crisis-help) and the STUN/TURN
// servers handed to browsers (GET /api/rtc-config).
//
// The configuration (file, flags, environment) gives the defaults; a value
// saved from the admin console overrides its section ("crisis_lines" or
// "rtc") until it is reset, and is kept in the store (OperationsStore), so
// it survives restarts. A change applies to the next request: readers take
// an immutable snapshot (Current) and never wait on the store.
//
// Only accounts with the `operate` capability change settings
// (PermissionDenied "access_denied", audited as "settings" denied). Every
// change is one audit record ("settings.crisis_lines", "settings.rtc",
// "settings.reset"; resource "Setting/<section>"), without the values. The
// TURN secret is never logged, audited or handed back (Describe says only
// whether one is set and its last four characters).
//
// Threading: thread-safe. Changes block on the store; Current does not.
#pragma once

#include <absl/base/thread_annotations.h>
#include <absl/synchronization/mutex.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "records/actor.h"
#include "records/audit_log.h"
#include "store/operations_store.h"

namespace mc {

struct CrisisLine {
  std::string label;  // "Crisis line"
  std::string how;    // "call 0800 000 000, any time"
};

// ICE servers handed to browsers for WebRTC (GET /api/rtc-config). TURN
// credentials are coturn's time-limited "REST API" ones (use-auth-secret):
// username "<expiry unix s>:<user>", password base64(HMAC-SHA1(secret,
// username)), so no long-lived TURN password reaches a browser.
struct RtcSettings {
  std::vector<std::string> stun_urls;  // "stun:host:port"
  std::vector<std::string> turn_urls;  // "turn:host:port?transport=udp", "turns:…"
  std::string turn_secret;             // coturn static-auth-secret
  int64_t turn_credential_seconds = 12 * 3600;
};

struct DeploymentValues {
  std::vector<CrisisLine> crisis_lines;
  RtcSettings rtc;
};

// The bounds every source of these settings keeps (configuration and
// console alike).
inline constexpr size_t kMaxCrisisLines = 8;
inline constexpr size_t kMaxCrisisLabelBytes = 60;
inline constexpr size_t kMaxCrisisHowBytes = 120;
inline constexpr size_t kMaxIceUrls = 8;  // per list (STUN, TURN)
inline constexpr size_t kMaxIceUrlBytes = 256;
inline constexpr size_t kMinTurnSecretBytes = 16;
inline constexpr size_t kMaxTurnSecretBytes = 256;

enum class IceServerKind { kStun, kTurn };

// Ok for "stun:"/"stuns:" (kStun) or "turn:"/"turns:" (kTurn) followed by a
// host, at most kMaxIceUrlBytes, without spaces, quotes or control
// characters. InvalidArgument "invalid_stun_url" / "invalid_turn_url".
Status CheckIceUrl(std::string_view url, IceServerKind kind);
// Ok for a label of 1..kMaxCrisisLabelBytes and a way to reach it of
// 1..kMaxCrisisHowBytes, printable UTF-8 without control characters, the
// label without ':' and the way to reach it with at least three digits (a
// number to call or text) or an https:// address. InvalidArgument
// "invalid_crisis_line".
Status CheckCrisisLine(const CrisisLine& line);
// "label: how to reach it" (the configuration's form), checked as above.
StatusOr<CrisisLine> ParseCrisisLine(std::string_view text);
// kMinTurnSecretBytes..kMaxTurnSecretBytes of printable ASCII without
// spaces. InvalidArgument "invalid_turn_secret".
Status CheckTurnSecret(std::string_view secret);

enum class SettingSource { kConfig, kConsole };

class DeploymentSettings {
 public:
  // `store` and `clock` must outlive this object; `audit` may be null
  // (tests only: changes are not audited).
  DeploymentSettings(OperationsStore& store, AuditLog* audit, const Clock& clock,
                     DeploymentValues defaults);

  // Reads the stored overrides (at start). A stored value that no longer
  // passes the checks is ignored with a warning and the default applies.
  Status Load();

  // The values in force now; never null.
  std::shared_ptr<const DeploymentValues> Current() const;

  struct SectionState {
    SettingSource source = SettingSource::kConfig;
    int64_t updated_by_user_id = 0;  // kConsole only
    int64_t updated_unix_ms = 0;     // kConsole only
  };
  struct Description {
    std::shared_ptr<const DeploymentValues> values;  // the TURN secret is the caller's to hide
    SectionState crisis_lines, rtc;
  };
  // For the admin console. PermissionDenied "access_denied" without
  // `operate` (audited).
  StatusOr<Description> Describe(const Actor& actor) const;

  // Replaces the crisis help lines (0..kMaxCrisisLines; none tells people
  // to call their local emergency number). InvalidArgument
  // "invalid_crisis_line", "too_many_crisis_lines"; PermissionDenied.
  Status SetCrisisLines(const Actor& actor, std::vector<CrisisLine> lines);

  struct RtcChange {
    std::vector<std::string> stun_urls, turn_urls;
    // nullopt keeps the secret in force; "" removes it.
    std::optional<std::string> turn_secret;
  };
  // Replaces the STUN and TURN servers. InvalidArgument "invalid_stun_url",
  // "invalid_turn_url", "too_many_urls", "invalid_turn_secret",
  // "turn_secret_required" (TURN servers without a secret);
  // PermissionDenied.
  Status SetRtc(const Actor& actor, RtcChange change);

  // Forgets the console's value of `section` ("crisis_lines", "rtc"): the
  // configured default applies again. NotFound "setting_not_found" for
  // another name or a section without a saved value; PermissionDenied.
  Status Reset(const Actor& actor, std::string_view section);

 private:
  Status RequireOperate(const Actor& actor) const;
  Status Save(const Actor& actor, std::string_view section, const std::string& value_json,
              const DeploymentValues& next);
  Status Audit(const Actor& actor, const std::string& action, std::string_view section,
               AuditOutcome outcome) const;

  OperationsStore& store_;
  AuditLog* audit_;
  const Clock& clock_;
  const DeploymentValues defaults_;
  // Changes are serialised so that two administrators' saves cannot
  // interleave between the store and the snapshot.
  absl::Mutex change_mutex_;
  mutable absl::Mutex mutex_;
  std::shared_ptr<const DeploymentValues> current_ ABSL_GUARDED_BY(mutex_);
  SectionState crisis_state_ ABSL_GUARDED_BY(mutex_);
  SectionState rtc_state_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace mc
