#include "media/janus_supervisor.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "media/janus_http.h"
#include "spdlog/spdlog.h"

namespace mc::media {

namespace {

constexpr int kStartTimeoutMs = 10000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool Exited(pid_t child) {
  int status = 0;
  return ::waitpid(child, &status, WNOHANG) == child;
}

}  // namespace

JanusSupervisor::JanusSupervisor(JanusInstall install, JanusSettings settings,
                                 std::function<void()> on_ready)
    : install_(std::move(install)),
      settings_(std::move(settings)),
      on_ready_(std::move(on_ready)) {}

JanusSupervisor::~JanusSupervisor() { Stop(); }

Status JanusSupervisor::Start(int wait_ms) {
  MC_RETURN_IF_ERROR(WriteJanusConfig(install_, settings_));
  thread_ = std::thread([this] { Supervise(); });
  if (!WaitReady(wait_ms))
    return Unavailable("janus_not_ready",
                       "the media server did not start; see janus.log");
  return Status();
}

bool JanusSupervisor::WaitReady(int timeout_ms) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] {
    return ready_.load() || stopping_.load();
  }) && ready_.load();
}

void JanusSupervisor::Stop() {
  if (stopping_.exchange(true)) {
    if (thread_.joinable()) thread_.join();
    return;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

pid_t JanusSupervisor::Spawn() {
  const std::string log = settings_.directory + "/janus.log";
  const std::string config = settings_.directory + "/janus.jcfg";
  std::vector<std::string> args = {install_.binary, "-C", config,
                                   "-F", settings_.directory,
                                   "-N", "-L", log, "-o"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child != 0) return child;  // the parent (or -1)
  // The child: only async-signal-safe calls until exec.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);
  const int null = ::open("/dev/null", O_RDWR);
  ::dup2(null, 0);
  ::dup2(null, 1);
  ::dup2(null, 2);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

JanusSupervisor::Started JanusSupervisor::WaitAnswering(pid_t child) {
  const int64_t deadline = NowMs() + kStartTimeoutMs;
  while (!stopping_.load() && NowMs() < deadline) {
    if (Exited(child)) return Started::kExited;
    auto info = JanusHttp(settings_.http_port, "/janus/info", nullptr, 500);
    if (info.ok() && info->value("janus", "") == "server_info")
      return Started::kAnswering;
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(100),
                      [&] { return stopping_.load(); });
  }
  return Started::kSilent;
}

void JanusSupervisor::SetReady(bool ready) {
  {
    std::lock_guard lock(mutex_);
    ready_.store(ready);
  }
  changed_.notify_all();
}

void JanusSupervisor::Supervise() {
  int backoff_ms = 200;
  bool first = true;
  while (!stopping_.load()) {
    const pid_t child = Spawn();
    if (child < 0) {
      spdlog::error("janus: cannot start {}", install_.binary);
      break;
    }
    pid_.store(child);
    if (!first) restarts_.fetch_add(1);
    first = false;
    const Started started = WaitAnswering(child);
    bool reaped = started == Started::kExited;
    int status = 0;
    if (started == Started::kAnswering) {
      spdlog::info("janus: answering (pid {}, loopback ports {} and {})", child,
                   settings_.websocket_port, settings_.http_port);
      backoff_ms = 200;
      SetReady(true);  // before on_ready_: it talks to Janus
      if (on_ready_) on_ready_();
      while (!stopping_.load() && !reaped) {
        reaped = ::waitpid(child, &status, WNOHANG) == child;
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, std::chrono::milliseconds(100),
                          [&] { return stopping_.load(); });
      }
      SetReady(false);
    }
    if (!reaped) {  // stopping, or it never answered: end it
      ::kill(child, SIGTERM);
      const int64_t deadline = NowMs() + 3000;
      while (!(reaped = ::waitpid(child, &status, WNOHANG) == child) &&
             NowMs() < deadline)
        ::usleep(20 * 1000);
      if (!reaped) {
        ::kill(child, SIGKILL);
        ::waitpid(child, &status, 0);
      }
    }
    if (stopping_.load()) break;
    spdlog::warn("janus: exited ({}); starting it again in {} ms",
                 WIFSIGNALED(status)
                     ? "signal " + std::to_string(WTERMSIG(status))
                     : "status " + std::to_string(WEXITSTATUS(status)),
                 backoff_ms);
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(backoff_ms),
                      [&] { return stopping_.load(); });
    backoff_ms = std::min(backoff_ms * 2, 5000);
  }
  pid_.store(0);
}

}  // namespace mc::media
