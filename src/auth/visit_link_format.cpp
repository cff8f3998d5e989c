#include "auth/visit_link_format.h"

namespace mc {
namespace {

constexpr std::string_view kAppointmentPrefix = "appointment:";

bool OnlyOf(std::string_view text, std::string_view allowed) {
  return text.find_first_not_of(allowed) == std::string_view::npos;
}

}  // namespace

bool IsWellFormedVisitToken(std::string_view token) {
  return token.size() == 32 && OnlyOf(token, "0123456789abcdef");
}

bool IsValidVisitPurpose(std::string_view purpose) {
  return !purpose.empty() && purpose.size() <= 64 &&
         OnlyOf(purpose, "abcdefghijklmnopqrstuvwxyz0123456789:_-");
}

bool IsAppointmentPurpose(std::string_view purpose) {
  return purpose.substr(0, kAppointmentPrefix.size()) == kAppointmentPrefix;
}

std::optional<int64_t> AppointmentIdOfPurpose(std::string_view purpose) {
  if (!IsAppointmentPurpose(purpose)) return std::nullopt;
  const std::string_view digits = purpose.substr(kAppointmentPrefix.size());
  if (digits.empty() || digits.size() > 18 || !OnlyOf(digits, "0123456789") ||
      digits.front() == '0') {
    return std::nullopt;
  }
  int64_t id = 0;  // 18 digits cannot overflow
  for (const char digit : digits) id = id * 10 + (digit - '0');
  return id;
}

}  // namespace mc
