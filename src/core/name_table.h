// Enums with wire names: one table of (value, name) pairs read both ways,
// so a name and its value cannot drift apart. Header-only, no allocation.
#pragma once

#include <optional>
#include <string_view>
#include <utility>

namespace mc {

template <typename Enum, size_t N>
using NameTable = std::pair<Enum, std::string_view>[N];

// The wire name of `value`; `fallback` when the table lacks it.
template <typename Enum, size_t N>
constexpr std::string_view NameIn(const NameTable<Enum, N>& table, Enum value,
                                  std::string_view fallback) {
  for (const auto& [entry, name] : table)
    if (entry == value) return name;
  return fallback;
}

// The value named `name`, or nullopt (the caller says which error).
template <typename Enum, size_t N>
constexpr std::optional<Enum> ValueIn(const NameTable<Enum, N>& table,
                                      std::string_view name) {
  for (const auto& [entry, wire] : table)
    if (wire == name) return entry;
  return std::nullopt;
}

}  // namespace mc
