#include <algorithm>
#include <cmath>
#include <fstream>

#include "fmt/format.h"
#include "sim/glucose/output.h"

namespace mc::glucose {

void WriteTraceCsv(const Trace& trace, std::ostream& out) {
  out << "t_min,bg_mg_dl,plasma_glucose_mg_dl,cgm_mg_dl,meal_g,insulin_u_per_min";
  for (const char* name : kStateNames) out << ',' << name;
  out << '\n';
  std::string line;
  for (const TraceRow& row : trace.rows) {
    const MinuteRecord& r = row.record;
    line = fmt::format("{},{:.6f},{:.6f},{:.4f},{:g},{:.9g}", r.t_min, r.bg_mg_dl,
                       r.plasma_glucose_mg_dl, r.cgm_mg_dl, r.meal_g, r.insulin_u_per_min);
    for (double value : row.state) line += fmt::format(",{:.10g}", value);
    line += '\n';
    out << line;
  }
}

void WriteTraceSvg(const Trace& trace, const std::string& title, std::ostream& out) {
  const double width = 900, height = 420, left = 60, right = 20, top = 40, bottom = 60;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  double t_max = trace.rows.empty() ? 1 : std::max(1, trace.rows.back().record.t_min);
  double y_max = 300;
  for (const auto& row : trace.rows) {
    y_max = std::max({y_max, row.record.bg_mg_dl, row.record.cgm_mg_dl});
  }
  y_max = std::ceil(y_max / 50) * 50;
  auto x = [&](double t) { return left + plot_w * t / t_max; };
  auto y = [&](double bg) { return top + plot_h * (1 - bg / y_max); };
  out << fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<title>{2}</title><rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{3}\" y=\"22\" font-size=\"15\">{2}</text>\n",
      width, height, title, left);
  out << fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#e8f5e9\"/>\n",
                     left, y(180), plot_w, y(70) - y(180));
  for (double level = 0; level <= y_max; level += 50) {
    out << fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#ddd\"/>"
                       "<text x=\"{3}\" y=\"{4}\" text-anchor=\"end\">{5}</text>\n",
                       left, left + plot_w, y(level), left - 6, y(level) + 4, level);
  }
  double hour_step = t_max > 3 * 1440 ? 1440 : (t_max > 1440 ? 360 : 120);
  for (double t = 0; t <= t_max; t += hour_step) {
    out << fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}h</text>\n", x(t),
                       top + plot_h + 16, static_cast<int>(t / 60));
  }
  auto polyline = [&](auto value, const char* color, const char* name) {
    std::string points;
    for (const auto& row : trace.rows) {
      points += fmt::format("{:.1f},{:.1f} ", x(row.record.t_min), y(value(row.record)));
    }
    out << fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" points=\"{}\">"
                       "<title>{}</title></polyline>\n",
                       color, points, name);
  };
  polyline([](const MinuteRecord& r) { return r.cgm_mg_dl; }, "#90a4ae", "CGM");
  polyline([](const MinuteRecord& r) { return r.bg_mg_dl; }, "#c62828", "BG (Gs/Vg)");
  for (const auto& row : trace.rows) {
    if (row.record.meal_g > 0) {
      out << fmt::format("<circle cx=\"{:.1f}\" cy=\"{}\" r=\"4\" fill=\"#ef6c00\"><title>{} g"
                         "</title></circle>\n",
                         x(row.record.t_min), top + plot_h + 30, row.record.meal_g);
    }
  }
  out << fmt::format("<text x=\"{}\" y=\"{}\">mg/dL — red: BG, grey: CGM, green band: 70–180, "
                     "orange dots: meals</text>\n</svg>\n",
                     left, height - 8);
}

Status WriteTextFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out << text;
  if (!out) return Unavailable("write_failed", fmt::format("cannot write {}", path));
  return Status();
}

}  // namespace mc::glucose
