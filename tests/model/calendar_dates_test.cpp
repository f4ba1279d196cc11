// Dates, weekdays and holidays of a run (model/calendar.hpp).
#include "continuum/model/calendar.hpp"

#include <gtest/gtest.h>

namespace continuum {
namespace {

TEST(CalendarDates, ParsesAndFormatsCivilDates) {
  EXPECT_EQ(parse_date("1970-01-01"), 0);
  EXPECT_EQ(parse_date("2027-01-04"), 20822);
  EXPECT_EQ(format_date(20822), "2027-01-04");
  EXPECT_EQ(format_date(*parse_date("2028-02-29")), "2028-02-29");  // a leap day
  EXPECT_FALSE(parse_date("2027-02-29"));                           // not a leap year
  EXPECT_FALSE(parse_date("2027-13-01"));
  EXPECT_FALSE(parse_date("2027-1-04"));
  EXPECT_FALSE(parse_date("1899-12-31"));
  EXPECT_FALSE(parse_date("2200-01-01"));
  EXPECT_FALSE(parse_date("2027-01-04 "));
}

TEST(CalendarDates, WeekdaysOfADatedRunCountFromTheStartDate) {
  // 2027-01-04 is a Monday; with a 10-day warm-up run day 10 is window day 0.
  const Calendar cal(CalendarSpec{{}, *parse_date("2027-01-04"), {}}, 10);
  EXPECT_TRUE(cal.dated());
  EXPECT_EQ(cal.weekday(10), 0);
  EXPECT_EQ(cal.weekday(11), 1);
  EXPECT_EQ(cal.weekday(16), 6);
  EXPECT_EQ(cal.weekday(0), 4);  // 2026-12-25, a Friday
  EXPECT_EQ(cal.date_of_window_day(0), "2027-01-04");
  EXPECT_EQ(cal.date_of_window_day(-10), "2026-12-25");
  EXPECT_EQ(cal.date_of_window_day(365), "2028-01-04");
}

TEST(CalendarDates, UndatedWindowDayZeroIsAMonday) {
  const Calendar cal(std::nullopt, 3);
  EXPECT_FALSE(cal.dated());
  EXPECT_EQ(cal.weekday(3), 0);
  EXPECT_EQ(cal.weekday(0), 4);  // three days before a Monday
  EXPECT_EQ(cal.date_of_window_day(0), "");
}

TEST(CalendarDates, HolidaysCloseTheirDayAndNextOpenSkipsThem) {
  // 2027-05-31 is a Monday (Memorial Day); no warm-up.
  const CivilDay start = *parse_date("2027-05-24");
  const Calendar cal(CalendarSpec{{}, start, {*parse_date("2027-05-31")}}, 0);
  const WeekdayMask mon = 1;
  const WeekdayMask mon_wed = 1 | 4;
  EXPECT_TRUE(cal.open(0, mon));
  EXPECT_TRUE(cal.holiday(7));
  EXPECT_FALSE(cal.open(7, mon));
  EXPECT_EQ(cal.next_open(1, mon), 14);     // the holiday Monday is skipped
  EXPECT_EQ(cal.next_open(1, mon_wed), 2);  // Wednesday 2027-05-26
  EXPECT_EQ(cal.next_open(5, mon_wed), 9);  // Wednesday 2027-06-02, after the holiday
  EXPECT_EQ(cal.next_open(0, 0), -1);
}

TEST(CalendarDates, WeekdayNames) {
  EXPECT_EQ(weekday_of_name("Mon"), 0);
  EXPECT_EQ(weekday_of_name("Sun"), 6);
  EXPECT_EQ(weekday_of_name("mon"), -1);
  EXPECT_STREQ(weekday_name(3), "Thu");
}

}  // namespace
}  // namespace continuum
