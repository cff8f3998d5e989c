// Runs Janus as a supervised child of `metaclinic serve` (docs/voice.md
// "Group rooms"): writes its configuration (janus_config.h), starts it,
// waits until it answers on loopback, and starts it again whenever it dies
// (a crash, SIGKILL), after a short back-off. The child dies with the
// server (PR_SET_PDEATHSIG) and is stopped with SIGTERM, then SIGKILL.
// Thread-safe.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/status.h"
#include "media/janus_config.h"

namespace mc::media {

class JanusSupervisor {
 public:
  // `on_ready` runs on the supervisor's thread each time Janus has started
  // (again) and answers: the rooms it held are gone and must be made anew.
  JanusSupervisor(JanusInstall install, JanusSettings settings,
                  std::function<void()> on_ready);
  ~JanusSupervisor();
  JanusSupervisor(const JanusSupervisor&) = delete;
  JanusSupervisor& operator=(const JanusSupervisor&) = delete;

  // Writes the configuration, starts Janus and waits up to `wait_ms` for
  // it to answer. Unavailable ("janus_not_ready") when it does not; the
  // supervisor keeps trying in the background either way.
  Status Start(int wait_ms = 15000);
  void Stop();

  bool ready() const { return ready_.load(); }
  int restarts() const { return restarts_.load(); }
  pid_t pid() const { return pid_.load(); }
  const JanusSettings& settings() const { return settings_; }
  // Waits until Janus answers (true) or `timeout_ms` passes.
  bool WaitReady(int timeout_ms);

 private:
  enum class Started { kAnswering, kExited, kSilent };
  void Supervise();
  pid_t Spawn();
  Started WaitAnswering(pid_t child);
  void SetReady(bool ready);

  const JanusInstall install_;
  const JanusSettings settings_;
  const std::function<void()> on_ready_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> ready_{false};
  std::atomic<int> restarts_{0};
  std::atomic<pid_t> pid_{0};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread thread_;
};

}  // namespace mc::media
