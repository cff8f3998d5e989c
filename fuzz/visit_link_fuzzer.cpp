// libFuzzer target for the textual forms of visit links
// (auth/visit_link_format.h): every input is checked as a token and as a
// purpose. An appointment id that parses must print back to the purpose's
// digits, and only a valid appointment purpose may yield one.
// Built and run by scripts/fuzz-target visit_link.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "auth/visit_link_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (mc::IsWellFormedVisitToken(text) && !mc::IsValidVisitPurpose(text)) {
    std::abort();  // a token's alphabet is within a purpose's
  }
  const bool appointment = mc::IsAppointmentPurpose(text);
  const std::optional<int64_t> id = mc::AppointmentIdOfPurpose(text);
  if (!id) return 0;
  if (!appointment || !mc::IsValidVisitPurpose(text) || *id < 0) std::abort();
  const std::string_view digits = text.substr(text.find(':') + 1);
  if (std::to_string(*id) != digits) std::abort();  // one spelling per id
  return 0;
}
