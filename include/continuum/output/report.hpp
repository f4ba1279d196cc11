// Transitional: the run's writers that this header used to declare, each now in its own header
// (summary_json, daily_csv, tables, files). Include the one you use; this goes once no caller
// includes it.
#pragma once

#include "continuum/output/daily_csv.hpp"
#include "continuum/output/files.hpp"
#include "continuum/output/schema.hpp"
#include "continuum/output/summary_json.hpp"
#include "continuum/output/tables.hpp"
