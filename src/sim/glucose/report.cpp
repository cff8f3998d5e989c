#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "sim/glucose/output.h"

namespace mc::glucose {
namespace {

struct MetricColumn {
  const char* name;
  double GlycemicMetrics::*member;
};
constexpr MetricColumn kMetricColumns[] = {
    {"mean_mg_dl", &GlycemicMetrics::mean_mg_dl},
    {"sd_mg_dl", &GlycemicMetrics::sd_mg_dl},
    {"cv_percent", &GlycemicMetrics::cv_percent},
    {"gmi_percent", &GlycemicMetrics::gmi_percent},
    {"min_mg_dl", &GlycemicMetrics::min_mg_dl},
    {"max_mg_dl", &GlycemicMetrics::max_mg_dl},
    {"tir_70_180_percent", &GlycemicMetrics::tir_70_180_percent},
    {"below_70_percent", &GlycemicMetrics::below_70_percent},
    {"below_54_percent", &GlycemicMetrics::below_54_percent},
    {"above_180_percent", &GlycemicMetrics::above_180_percent},
    {"above_250_percent", &GlycemicMetrics::above_250_percent},
    {"lbgi", &GlycemicMetrics::lbgi},
    {"hbgi", &GlycemicMetrics::hbgi},
    {"risk_index", &GlycemicMetrics::risk_index},
};
// Metrics compared between arms in the report.
constexpr MetricColumn kCompared[] = {
    {"tir_70_180_percent", &GlycemicMetrics::tir_70_180_percent},
    {"below_70_percent", &GlycemicMetrics::below_70_percent},
    {"above_180_percent", &GlycemicMetrics::above_180_percent},
    {"mean_mg_dl", &GlycemicMetrics::mean_mg_dl},
    {"cv_percent", &GlycemicMetrics::cv_percent},
    {"risk_index", &GlycemicMetrics::risk_index},
};

nlohmann::json MetricsJson(const GlycemicMetrics& m) {
  nlohmann::json json;
  json["samples"] = m.samples;
  for (const auto& column : kMetricColumns) json[column.name] = m.*column.member;
  return json;
}

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::vector<double> PerPatient(const TrialResult& result, int arm, double GlycemicMetrics::*member) {
  std::vector<double> values;
  for (size_t p = 0; p < result.patient_names.size(); ++p) {
    values.push_back(result.At(arm, static_cast<int>(p)).metrics.*member);
  }
  return values;
}

const char* kArmColors[] = {"#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f"};

std::string AgpSvg(const AmbulatoryProfile& profile, const std::string& arm, const char* color) {
  const double width = 640, height = 300, left = 50, right = 10, top = 30, bottom = 30;
  const double plot_w = width - left - right, plot_h = height - top - bottom, y_max = 400;
  auto x = [&](int bin) { return left + plot_w * bin / (AmbulatoryProfile::kBinsPerDay - 1.0); };
  auto y = [&](double bg) { return top + plot_h * (1 - std::min(bg, y_max) / y_max); };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" role=\"img\" aria-label=\"Ambulatory glucose profile, arm {2}\">\n"
      "<text x=\"{3}\" y=\"18\" font-weight=\"bold\">AGP — {2}</text>\n"
      "<rect x=\"{3}\" y=\"{4}\" width=\"{5}\" height=\"{6}\" fill=\"#e8f5e9\"/>\n",
      width, height, Escape(arm), left, y(180), plot_w, y(70) - y(180));
  for (double level = 0; level <= y_max; level += 50) {
    svg += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#eee\"/>"
                       "<text x=\"{3}\" y=\"{4}\" text-anchor=\"end\" font-size=\"11\">{5}</text>\n",
                       left, left + plot_w, y(level), left - 4, y(level) + 4, level);
  }
  for (int hour = 0; hour <= 24; hour += 3) {
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">"
                       "{:02d}:00</text>\n",
                       left + plot_w * hour / 24.0, height - 10, hour);
  }
  auto band = [&](double low_p, double high_p, double opacity) {
    std::string points;
    for (int bin = 0; bin < AmbulatoryProfile::kBinsPerDay; ++bin) {
      points += fmt::format("{:.1f},{:.1f} ", x(bin), y(profile.Percentile(bin, high_p)));
    }
    for (int bin = AmbulatoryProfile::kBinsPerDay - 1; bin >= 0; --bin) {
      points += fmt::format("{:.1f},{:.1f} ", x(bin), y(profile.Percentile(bin, low_p)));
    }
    svg += fmt::format("<polygon points=\"{}\" fill=\"{}\" fill-opacity=\"{}\"/>\n", points,
                       color, opacity);
  };
  band(5, 95, 0.15);
  band(25, 75, 0.35);
  std::string median;
  for (int bin = 0; bin < AmbulatoryProfile::kBinsPerDay; ++bin) {
    median += fmt::format("{:.1f},{:.1f} ", x(bin), y(profile.Percentile(bin, 50)));
  }
  svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n",
                     median, color);
  svg += "</svg>\n";
  return svg;
}

std::string TirBarsSvg(const TrialResult& result) {
  const double width = 640, row_h = 34, left = 140, bar_w = 460;
  const double height = 40 + row_h * result.arm_names.size() + 30;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" role=\"img\" aria-label=\"Time in ranges per arm\">\n"
      "<text x=\"10\" y=\"18\" font-weight=\"bold\">Time in ranges (% of readings, mean over "
      "patients)</text>\n",
      width, height);
  const char* colors[] = {"#b71c1c", "#e57373", "#66bb6a", "#ffb74d", "#ef6c00"};
  const char* labels[] = {"&lt;54", "54–69", "70–180", "181–250", "&gt;250"};
  for (size_t arm = 0; arm < result.arm_names.size(); ++arm) {
    const GlycemicMetrics& m = result.arm_metrics[arm];
    double parts[] = {m.below_54_percent, m.below_70_percent - m.below_54_percent,
                      m.tir_70_180_percent, m.above_180_percent - m.above_250_percent,
                      m.above_250_percent};
    double y = 30 + row_h * arm;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", left - 8,
                       y + 18, Escape(result.arm_names[arm]));
    double x = left;
    for (int i = 0; i < 5; ++i) {
      double w = bar_w * std::max(0.0, parts[i]) / 100;
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"24\" fill=\"{}\">"
                         "<title>{}: {:.1f}%</title></rect>\n",
                         x, y, w, colors[i], labels[i], parts[i]);
      if (i == 2 && w > 40) {
        svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{:.1f}%</text>\n",
                           x + w / 2, y + 17, parts[i]);
      }
      x += w;
    }
  }
  double legend_y = height - 10;
  for (int i = 0; i < 5; ++i) {
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>"
                       "<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\n",
                       left + i * 90, legend_y - 10, colors[i], left + i * 90 + 16, legend_y,
                       labels[i]);
  }
  svg += "</svg>\n";
  return svg;
}

struct DifferenceRow {
  std::string arm, metric;
  PairedDifference difference;
};

std::vector<DifferenceRow> Differences(const TrialResult& result) {
  std::vector<DifferenceRow> rows;
  for (size_t arm = 1; arm < result.arm_names.size(); ++arm) {
    for (const auto& metric : kCompared) {
      rows.push_back({result.arm_names[arm], metric.name,
                      PairedDifferenceOf(PerPatient(result, static_cast<int>(arm), metric.member),
                                         PerPatient(result, 0, metric.member))});
    }
  }
  return rows;
}

std::string DifferenceSvg(const std::vector<DifferenceRow>& rows, const std::string& reference) {
  const double width = 640, row_h = 26, left = 250, plot_w = 340;
  const double height = 50 + row_h * rows.size() + 10;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" role=\"img\" aria-label=\"Paired differences versus {2}\">\n"
      "<text x=\"10\" y=\"18\" font-weight=\"bold\">Arm − {2}: mean paired difference, 95% CI"
      "</text>\n",
      width, height, Escape(reference));
  // One symmetric scale per metric would be best; use each row's own scale.
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    double extent = std::max({std::fabs(row.difference.ci_low), std::fabs(row.difference.ci_high),
                              1e-9}) * 1.1;
    auto x = [&](double v) { return left + plot_w / 2 + plot_w / 2 * v / extent; };
    double y = 40 + row_h * i;
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{} · {}</text>\n"
        "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#999\" stroke-dasharray=\"3,3\"/>\n"
        "<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{}\" y2=\"{}\" stroke=\"#333\" stroke-width=\"2\"/>\n"
        "<circle cx=\"{:.1f}\" cy=\"{}\" r=\"4\" fill=\"#1565c0\"/>\n"
        "<text x=\"{}\" y=\"{}\" font-size=\"11\">{:+.2f} [{:+.2f}, {:+.2f}]</text>\n",
        left - 8, y + 4, Escape(row.arm), row.metric, x(0), x(0), y - 9, y + 9,
        x(row.difference.ci_low), x(row.difference.ci_high), y, y, x(row.difference.mean), y,
        left + plot_w + 6 - 0, y + 4 + 0, row.difference.mean, row.difference.ci_low,
        row.difference.ci_high);
  }
  svg += "</svg>\n";
  return svg;
}

std::string MetricsTableHtml(const TrialResult& result) {
  std::string html = "<table><thead><tr><th scope=\"col\">arm</th>";
  for (const auto& column : kMetricColumns) html += fmt::format("<th scope=\"col\">{}</th>", column.name);
  html += "</tr></thead><tbody>\n";
  for (size_t arm = 0; arm < result.arm_names.size(); ++arm) {
    html += fmt::format("<tr><th scope=\"row\">{}</th>", Escape(result.arm_names[arm]));
    for (const auto& column : kMetricColumns) {
      html += fmt::format("<td>{:.2f}</td>", result.arm_metrics[arm].*column.member);
    }
    html += "</tr>\n";
  }
  return html + "</tbody></table>\n";
}

}  // namespace

TrialOutputs RenderTrialOutputs(const TrialResult& result) {
  TrialOutputs outputs;
  // Per patient.
  std::string csv = "arm,patient,cohort,samples";
  for (const auto& column : kMetricColumns) csv += fmt::format(",{}", column.name);
  csv += ",insulin_u_per_day,carbs_g_per_day\n";
  nlohmann::json patients = nlohmann::json::array();
  for (const auto& r : result.results) {
    csv += fmt::format("{},{},{},{}", CsvField(result.arm_names[r.arm]), r.patient,
                       CohortName(r.cohort), r.metrics.samples);
    for (const auto& column : kMetricColumns) csv += fmt::format(",{:.6g}", r.metrics.*column.member);
    csv += fmt::format(",{:.6g},{:.6g}\n", r.insulin_u_per_day, r.carbs_g_per_day);
    nlohmann::json json = MetricsJson(r.metrics);
    json["arm"] = result.arm_names[r.arm];
    json["patient"] = r.patient;
    json["cohort"] = std::string(CohortName(r.cohort));
    json["insulin_u_per_day"] = r.insulin_u_per_day;
    json["carbs_g_per_day"] = r.carbs_g_per_day;
    patients.push_back(json);
  }
  outputs.patients_csv = csv;
  outputs.patients_json = patients.dump(2) + "\n";

  // Per arm, with paired differences against the first arm.
  std::vector<DifferenceRow> differences = Differences(result);
  csv = "arm,patients,samples";
  for (const auto& column : kMetricColumns) csv += fmt::format(",{}", column.name);
  csv += "\n";
  nlohmann::json arms = nlohmann::json::object();
  arms["days"] = result.days;
  arms["patients"] = result.patient_names;
  arms["reference_arm"] = result.arm_names.front();
  arms["arms"] = nlohmann::json::array();
  for (size_t arm = 0; arm < result.arm_names.size(); ++arm) {
    const GlycemicMetrics& m = result.arm_metrics[arm];
    csv += fmt::format("{},{},{}", CsvField(result.arm_names[arm]), result.patient_names.size(),
                       m.samples);
    for (const auto& column : kMetricColumns) csv += fmt::format(",{:.6g}", m.*column.member);
    csv += "\n";
    nlohmann::json json = MetricsJson(m);
    json["arm"] = result.arm_names[arm];
    nlohmann::json paired = nlohmann::json::object();
    for (const auto& row : differences) {
      if (row.arm != result.arm_names[arm]) continue;
      paired[row.metric] = {{"mean", row.difference.mean},
                            {"ci95_low", row.difference.ci_low},
                            {"ci95_high", row.difference.ci_high},
                            {"n", row.difference.n}};
    }
    if (arm > 0) json["difference_vs_reference"] = paired;
    arms["arms"].push_back(json);
  }
  outputs.arms_csv = csv;
  outputs.arms_json = arms.dump(2) + "\n";

  // report.html
  std::string html = fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>In-silico trial report</title>\n<style>body{{font-family:sans-serif;max-width:"
      "960px;margin:1em auto;padding:0 1em}}table{{border-collapse:collapse;font-size:12px}}"
      "td,th{{border:1px solid #ccc;padding:2px 4px;text-align:right}}svg{{max-width:100%;"
      "height:auto;font-family:sans-serif;font-size:12px}}</style></head><body>\n"
      "<h1>In-silico trial report</h1>\n<p>{} virtual patients × {} days × {} arms, UVA/Padova "
      "S2008-structure model (a reimplementation; not the licensed simulator). BG = Gs/Vg every "
      "minute. Simulated in {:.2f} s on {} threads.</p>\n",
      result.patient_names.size(), result.days, result.arm_names.size(), result.wall_seconds,
      result.threads);
  html += "<h2>Metrics per arm</h2>\n" + MetricsTableHtml(result);
  html += "<h2>Time in ranges</h2>\n" + TirBarsSvg(result);
  html += "<h2>Ambulatory glucose profile</h2>\n<p>Median (line), 25–75th (dark band) and "
          "5–95th (light band) percentiles over patients and days, 5-minute bins; green: "
          "70–180 mg/dL.</p>\n";
  for (size_t arm = 0; arm < result.arm_names.size(); ++arm) {
    html += AgpSvg(result.profiles[arm], result.arm_names[arm],
                   kArmColors[arm % std::size(kArmColors)]);
  }
  if (!differences.empty()) {
    html += "<h2>Differences between arms</h2>\n<p>Mean of per-patient differences (arm − " +
            Escape(result.arm_names.front()) +
            "), paired across patients, with a 95% confidence interval from Student's t.</p>\n" +
            DifferenceSvg(differences, result.arm_names.front());
  }
  html += "</body></html>\n";
  outputs.report_html = std::move(html);
  return outputs;
}

Status WriteTrialOutputs(const TrialResult& result, const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return Unavailable("write_failed",
                       fmt::format("cannot create {}: {}", directory, error.message()));
  }
  const TrialOutputs outputs = RenderTrialOutputs(result);
  MC_RETURN_IF_ERROR(WriteTextFile(directory + "/patients.csv", outputs.patients_csv));
  MC_RETURN_IF_ERROR(WriteTextFile(directory + "/patients.json", outputs.patients_json));
  MC_RETURN_IF_ERROR(WriteTextFile(directory + "/arms.csv", outputs.arms_csv));
  MC_RETURN_IF_ERROR(WriteTextFile(directory + "/arms.json", outputs.arms_json));
  return WriteTextFile(directory + "/report.html", outputs.report_html);
}

}  // namespace mc::glucose
