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

// The payer a key names, or -1 (reported with the closest name).
int payer_of(Reader& r, const YAML::Node& key, const std::string& path, const NameIndex& payers) {
  const std::string name = key.Scalar();
  if (const int at = payers.find(name); at >= 0) return at;
  if (payers.size() == 0) {
    r.error(key, fmt::format("{}: no payers are defined (add a top-level 'payers:' or remove "
                             "this key)",
                             path));
    return -1;
  }
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
  if (YAML::Node n = r.child(node, apath, "initial_days", true))
    spec.initial_days =
        r.number_in(n, sub(apath, "initial_days"), bounds::kInitialAuthorizedDays).value_or(0);
  if (YAML::Node n = r.child(node, apath, "review_every_days", true))
    spec.review_every_days =
        r.number_in(n, sub(apath, "review_every_days"), bounds::kReviewEveryDays).value_or(1);
  if (YAML::Node n = r.child(node, apath, "approval", true))
    spec.approval = r.number_in(n, sub(apath, "approval"), bounds::kProbability).value_or(1);
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
  if (!r.expect_map(node, "payers")) return out;
  if (node.size() == 0) {
    r.error(node, "payers: define at least one payer (or leave 'payers:' out)");
    return out;
  }
  if (node.size() > static_cast<std::size_t>(bounds::kMaxPayers)) {
    r.error(node,
            fmt::format("payers: at most {} payers (got {})", bounds::kMaxPayers, node.size()));
    return out;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {  // a payer named twice: check_document()
    PayerSpec spec;
    spec.name = it->first.Scalar();
    spec.pos = r.pos_of(it->first);
    const std::string path = "payers." + spec.name;
    if (const std::string problem = level_name_problem(spec.name); !problem.empty())
      r.error(it->first, fmt::format("{}: {}", path, problem));
    const YAML::Node body = it->second;
    if (!body.IsNull() && r.expect_map(body, path))  // `PAYER:` alone is `PAYER: {}`
      r.check_keys(body, path, {});
    out.push_back(std::move(spec));
  }
  return out;
}

void read_stream_payers(Reader& r, const YAML::Node& a, const std::string& apath, const Scenario& s,
                        ArrivalSpec& spec) {
  const YAML::Node shares = a["payers"];
  const NameIndex payers = payer_names(s);
  if (payers.size() > 0) spec.payer_shares.assign(payers.size(), 0.0);
  if (!shares) return;
  const std::string spath = sub(apath, "payers");
  if (payers.size() == 0) {
    r.error(shares, fmt::format("{}: no payers are defined (add a top-level 'payers:' or remove "
                                "this key)",
                                spath));
    return;
  }
  if (!r.expect_map(shares, spath)) return;
  double sum = 0;
  bool numbers_ok = true;
  for (auto it = shares.begin(); it != shares.end(); ++it) {
    const auto p = r.number_in(it->second, sub(spath, it->first.Scalar()), bounds::kProbability);
    const int c = payer_of(r, it->first, spath, payers);
    if (!p || c < 0) {
      numbers_ok = false;
      continue;
    }
    sum += *p;
    spec.payer_shares[static_cast<std::size_t>(c)] = *p;
  }
  if (numbers_ok && sum > 1 + bounds::kProbabilitySumTolerance)
    r.error(shares,
            fmt::format("{}: shares sum to {:g}, over 1 (the rest of 1 is uninsured)", spath, sum));
}

void read_level_payers(Reader& r, const YAML::Node& levels, Scenario& s,
                       const NameIndex& level_names, const NameIndex& class_names) {
  const NameIndex payers = payer_names(s);
  for (LevelSpec& level : s.levels) {
    const YAML::Node node = levels[level.name];
    if (!node || !node.IsMap()) continue;
    const std::string path = "levels." + level.name;
    if (YAML::Node auth = node["authorization"]) {
      const std::string apath = sub(path, "authorization");
      if (payers.size() == 0) {
        r.error(auth, fmt::format("{}: no payers are defined (add a top-level 'payers:' or "
                                  "remove this key)",
                                  apath));
      } else if (r.expect_map(auth, apath)) {
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
      if (payers.size() == 0) {
        r.error(rev, fmt::format("{}: no payers are defined (add a top-level 'payers:' or remove "
                                 "this key)",
                                 rpath));
      } else if (r.expect_map(rev, rpath)) {
        level.revenue_per_patient_day.assign(payers.size(), 0.0);
        for (auto it = rev.begin(); it != rev.end(); ++it) {
          const auto v = r.number_in(it->second, sub(rpath, it->first.Scalar()),
                                     bounds::kRevenuePerPatientDay);
          const int payer = payer_of(r, it->first, rpath, payers);
          if (v && payer >= 0) level.revenue_per_patient_day[static_cast<std::size_t>(payer)] = *v;
        }
      }
    }
  }
}

}  // namespace continuum::config
