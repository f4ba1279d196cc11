// Reading the payers (`payers:`), a stream's payer mix (arrivals[].payers) and a level's
// authorization reviews and revenue per payer (levels.L.authorization,
// levels.L.revenue_per_patient_day).
#include <fmt/format.h>

#include <cmath>

#include "continuum/core/suggestion.hpp"
#include "safe_text.hpp"
#include "section_readers.hpp"

namespace continuum::config {

namespace {

NameIndex payer_names(const Scenario& s) {
  std::vector<std::string> names;
  for (const PayerSpec& p : s.payers)
    names.push_back(p.name);
  return NameIndex(std::move(names));
}

// For a key that needs `payers:`: true when payers are defined, else reports `node`.
bool payers_defined(Reader& r, const YAML::Node& node, const std::string& path,
                    const NameIndex& payers) {
  return names_defined(r, node, path, payers, "payers");
}

// The payer a key names, or -1 (reported with the closest name).
int payer_of(Reader& r, const YAML::Node& key, const std::string& path, const NameIndex& payers) {
  const std::string name = key.Scalar();
  if (const int at = payers.find(name); at >= 0) return at;
  if (!payers_defined(r, key, path, payers)) return -1;
  r.error(key, r.reporting() ? fmt::format("{}: unknown payer '{}'{}; payers are: {}", path, name,
                                           suggestion(name, payers.names()), join(payers.names()))
                             : "");
  return -1;
}

// levels.L.authorization.<payer>: {initial_days, review_every_days, approval, on_denial,
// by_class: {C: {approval}}}.
void read_authorization(Reader& r, const YAML::Node& node, const std::string& apath,
                        const NameIndex& level_names, const NameIndex& class_names,
                        AuthorizationSpec& spec, bool day_step) {
  if (!r.expect_map(node, apath)) return;
  r.check_keys(node, apath,
               {"initial_days", "review_every_days", "approval", "on_denial", "by_class"});
  r.required_number(node, apath, "initial_days", bounds::kInitialAuthorizedDays, spec.initial_days,
                    0);
  r.required_number(node, apath, "review_every_days", bounds::kReviewEveryDays,
                    spec.review_every_days, 1);
  r.required_number(node, apath, "approval", bounds::kProbability, spec.approval, 1);
  if (YAML::Node n = r.child(node, apath, "on_denial", true))
    spec.on_denial = read_routes(r, n, sub(apath, "on_denial"), level_names, true);
  if (day_step)  // reviews on whole days: admissions are, so the review times must be too
    for (const char* key : {"initial_days", "review_every_days"}) {
      const YAML::Node n = node[key];
      if (!n || !n.IsScalar()) continue;
      const double v = key[0] == 'i' ? spec.initial_days : spec.review_every_days;
      if (v != std::floor(v))
        r.error(n, fmt::format("{}: a review on a fractional day ({}) is not supported with "
                               "time_step_days: 1",
                               sub(apath, key), n.Scalar()));
    }
  spec.approval_by_class.assign(class_names.size(), std::nullopt);
  if (YAML::Node by = node["by_class"]) {
    const std::string bpath = sub(apath, "by_class");
    if (!classes_defined(r, by, bpath, class_names) || !r.expect_map(by, bpath)) return;
    for (auto it = by.begin(); it != by.end(); ++it) {
      const std::string cpath = sub(bpath, it->first.Scalar());
      const int c = class_of(r, it->first, bpath, class_names);
      if (!r.expect_map(it->second, cpath)) continue;
      r.check_keys(it->second, cpath, {"approval"});
      if (YAML::Node a = r.child(it->second, cpath, "approval", true)) {
        const auto v = r.number_in(a, sub(cpath, "approval"), bounds::kProbability);
        if (v && c >= 0) spec.approval_by_class[static_cast<std::size_t>(c)] = *v;
      }
    }
  }
}

}  // namespace

std::vector<PayerSpec> read_payers(Reader& r, const YAML::Node& node) {
  std::vector<PayerSpec> out;
  read_named_section(r, node, "payers", "payer", bounds::kMaxPayers,
                     [&](const YAML::Node& key, const YAML::Node* body, const std::string& path) {
                       PayerSpec spec;
                       spec.name = key.Scalar();
                       spec.pos = r.pos_of(key);
                       if (body) r.check_keys(*body, path, {});  // payers have no keys yet
                       out.push_back(std::move(spec));
                     });
  return out;
}

void read_stream_payers(Reader& r, const YAML::Node& a, const std::string& apath, const Scenario& s,
                        ArrivalSpec& spec) {
  const YAML::Node shares = a["payers"];
  const NameIndex payers = payer_names(s);
  if (payers.size() > 0) spec.payer_shares.assign(payers.size(), 0.0);
  if (!shares) return;
  const std::string spath = sub(apath, "payers");
  if (!payers_defined(r, shares, spath, payers) || !r.expect_map(shares, spath)) return;
  const std::optional<double> sum =
      read_by_name(r, shares, spath, bounds::kProbability, payers, payer_of, spec.payer_shares);
  if (sum && *sum > 1 + bounds::kProbabilitySumTolerance)
    r.error(shares, fmt::format("{}: shares sum to {:g}, over 1 (the rest of 1 is uninsured)",
                                spath, *sum));
}

void read_level_payers(Reader& r, const YAML::Node& levels, Scenario& s,
                       const NameIndex& level_names, const NameIndex& class_names) {
  const NameIndex payers = payer_names(s);
  const std::vector<YAML::Node> bodies = level_bodies(levels);
  for (std::size_t l = 0; l < s.levels.size() && l < bodies.size(); ++l) {
    LevelSpec& level = s.levels[l];
    const YAML::Node& node = bodies[l];
    if (!node || !node.IsMap()) continue;
    const std::string path = "levels." + level.name;
    if (YAML::Node auth = node["authorization"]) {
      const std::string apath = sub(path, "authorization");
      if (payers_defined(r, auth, apath, payers) && r.expect_map(auth, apath)) {
        for (auto it = auth.begin(); it != auth.end(); ++it) {
          AuthorizationSpec spec;
          spec.pos = r.pos_of(it->first);
          const int payer = payer_of(r, it->first, apath, payers);
          read_authorization(r, it->second, sub(apath, it->first.Scalar()), level_names,
                             class_names, spec, s.time_step_days == 1);
          spec.payer = payer;
          if (payer >= 0) level.authorization.push_back(std::move(spec));
        }
      }
    }
    if (YAML::Node rev = node["revenue_per_patient_day"]) {
      const std::string rpath = sub(path, "revenue_per_patient_day");
      if (payers_defined(r, rev, rpath, payers) && r.expect_map(rev, rpath)) {
        level.revenue_per_patient_day.assign(payers.size(), 0.0);
        read_by_name(r, rev, rpath, bounds::kRevenuePerPatientDay, payers, payer_of,
                     level.revenue_per_patient_day);
      }
    }
  }
}

}  // namespace continuum::config
