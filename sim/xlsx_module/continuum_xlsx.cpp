// libcontinuum_xlsx.so: results.xlsx's workbook written by libxlsxwriter, loaded by xlsx_workbook
// (sim/output/xlsx.cpp) through core/module.hpp only when --xlsx asks for a workbook, so that a
// run without it does not load libxlsxwriter, minizip, zlib and the shared libcrypto.
#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <ctime>
#include <exception>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "continuum/output/xlsx.hpp"

namespace continuum {
namespace {

// docProps/core.xml's creation time, fixed so that equal results give equal bytes:
// 1980-01-01T00:00:00Z, the earliest time a zip entry can carry.
constexpr time_t kFixedCreated = 315532800;

// Excel's number format for each kind of cell.
std::string number_format(XlsxFormat format, const std::string& currency) {
  switch (format) {
    case XlsxFormat::kInteger:
      return "#,##0";
    case XlsxFormat::kDecimal:
      return "#,##0.00";
    case XlsxFormat::kDays:
      return "0.00";
    case XlsxFormat::kPercent:
      return "0.0%";
    case XlsxFormat::kMoney:
      return fmt::format("\"{0} \"#,##0;\"-{0} \"#,##0", currency);
    case XlsxFormat::kFte:
      return "0.00";
    case XlsxFormat::kDate:
      return "yyyy-mm-dd";
    case XlsxFormat::kGeneral:
      break;
  }
  return "General";
}

void check(lxw_error error, const char* what) {
  if (error != LXW_NO_ERROR)
    throw std::runtime_error(fmt::format("results.xlsx: {}: {}", what, lxw_strerror(error)));
}

// The workbook at `path`; libxlsxwriter writes the file in workbook_close.
void write_workbook(const char* path, const std::vector<XlsxSheet>& sheets,
                    const std::string& currency) {
  lxw_workbook* book = workbook_new(path);
  if (!book) throw std::runtime_error("results.xlsx: libxlsxwriter could not start a workbook");
  lxw_doc_properties properties{};
  properties.created = kFixedCreated;
  std::string title = "Continuum results";
  properties.title = title.data();
  workbook_set_properties(book, &properties);

  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  constexpr XlsxFormat kAll[] = {XlsxFormat::kGeneral, XlsxFormat::kInteger, XlsxFormat::kDecimal,
                                 XlsxFormat::kDays,    XlsxFormat::kPercent, XlsxFormat::kMoney,
                                 XlsxFormat::kFte,     XlsxFormat::kDate};
  // The date format only in workbooks with dates (calendar:), so that the others keep their bytes.
  bool dates = false;
  for (const XlsxSheet& sheet : sheets)
    for (const std::vector<XlsxCell>& row : sheet.rows)
      for (const XlsxCell& cell : row)
        dates = dates || (cell.kind == XlsxCell::Kind::kNumber && cell.format == XlsxFormat::kDate);
  lxw_format* formats[std::size(kAll)] = {};
  for (std::size_t f = 0; f < std::size(kAll); ++f) {
    if (kAll[f] == XlsxFormat::kDate && !dates) continue;
    formats[f] = workbook_add_format(book);
    const std::string text = number_format(kAll[f], currency);
    format_set_num_format(formats[f], text.c_str());
  }
  for (const XlsxSheet& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.c_str());
    if (!ws) {
      workbook_close(book);
      throw std::runtime_error("results.xlsx: bad sheet name " + sheet.name);
    }
    std::vector<std::size_t> widths(sheet.header.size(), 8);
    for (std::size_t c = 0; c < sheet.header.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.header[c].c_str(), bold);
      widths[c] = std::max(widths[c], sheet.header[c].size() + 2);
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const XlsxCell& cell = sheet.rows[r][c];
        const auto col = static_cast<lxw_col_t>(c);
        switch (cell.kind) {
          case XlsxCell::Kind::kText:
            check(worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr), "text");
            if (c < widths.size())
              widths[c] = std::max(widths[c], std::min<std::size_t>(cell.text.size() + 2, 40));
            break;
          case XlsxCell::Kind::kNumber:
            check(worksheet_write_number(ws, row, col, cell.number,
                                         formats[static_cast<std::size_t>(cell.format)]),
                  "number");
            break;
          case XlsxCell::Kind::kBoolean:
            check(worksheet_write_boolean(ws, row, col, cell.number != 0, nullptr), "boolean");
            break;
          case XlsxCell::Kind::kEmpty:
            break;
        }
      }
    }
    for (std::size_t c = 0; c < widths.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           static_cast<double>(std::min<std::size_t>(widths[c], 40)), nullptr);
  }
  check(workbook_close(book), "writing");
}

}  // namespace
}  // namespace continuum

// The workbook of `sheets` at `path`, money in `currency`; false with `error` set on a failure.
extern "C" __attribute__((visibility("default"))) bool continuum_xlsx_write(
    const char* path, const std::vector<continuum::XlsxSheet>* sheets, const char* currency,
    std::string* error) {
  try {
    continuum::write_workbook(path, *sheets, currency);
    return true;
  } catch (const std::exception& e) {
    *error = e.what();
    return false;
  }
}
