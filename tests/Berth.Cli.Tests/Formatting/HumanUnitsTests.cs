using Berth.Cli.Formatting;

namespace Berth.Cli.Tests.Formatting;

public class HumanUnitsTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(1024, "1.024kB")]
    [InlineData(1000000, "1MB")]
    [InlineData(1048576, "1.049MB")]
    [InlineData(3420000000, "3.42GB")]
    [InlineData(5372000000000, "5.372TB")]
    [InlineData(2220000000000000, "2.22PB")]
    [InlineData(1e21, "1ZB")]
    [InlineData(1e27, "1000YB")]
    [InlineData(1e28, "1e+04YB")]
    [InlineData(999999, "1000kB")]
    public void HumanSize_uses_decimal_units_and_four_digits(double size, string expected) =>
        Assert.Equal(expected, HumanUnits.HumanSize(size));

    [Theory]
    [InlineData(4400000, "4.4MB")]
    [InlineData(999999, "1e+03kB")]
    [InlineData(1234567, "1.23MB")]
    [InlineData(123456789, "123MB")]
    [InlineData(1125, "1.12kB")]
    [InlineData(7, "7B")]
    [InlineData(77800000, "77.8MB")]
    public void HumanSizeWithPrecision_three_as_docker_lists_print(double size, string expected) =>
        Assert.Equal(expected, HumanUnits.HumanSizeWithPrecision(size, 3));

    [Theory]
    [InlineData(0, "0B")]
    [InlineData(1023, "1023B")]
    [InlineData(1024, "1KiB")]
    [InlineData(1024 * 1024, "1MiB")]
    [InlineData(1572864, "1.5MiB")]
    [InlineData(44 * 1024, "44KiB")]
    [InlineData(16L * 1024 * 1024 * 1024, "16GiB")]
    [InlineData(8219381760, "7.655GiB")]
    public void BytesSize_uses_binary_units(double size, string expected) =>
        Assert.Equal(expected, HumanUnits.BytesSize(size));

    public static TheoryData<TimeSpan, string> Durations => new()
    {
        { TimeSpan.FromMilliseconds(450), "Less than a second" },
        { TimeSpan.FromSeconds(-5), "Less than a second" },
        { TimeSpan.FromSeconds(1), "1 second" },
        { TimeSpan.FromSeconds(47), "47 seconds" },
        { TimeSpan.FromSeconds(59), "59 seconds" },
        { TimeSpan.FromSeconds(60), "About a minute" },
        { TimeSpan.FromSeconds(119), "About a minute" },
        { TimeSpan.FromMinutes(3), "3 minutes" },
        { TimeSpan.FromMinutes(35) + TimeSpan.FromSeconds(40), "35 minutes" },
        { TimeSpan.FromMinutes(59), "59 minutes" },
        { TimeSpan.FromHours(1), "About an hour" },
        { TimeSpan.FromMinutes(89), "About an hour" },
        { TimeSpan.FromMinutes(91), "2 hours" },
        { TimeSpan.FromMinutes(3 * 60 + 29), "3 hours" },
        { TimeSpan.FromMinutes(3 * 60 + 31), "4 hours" },
        { TimeSpan.FromHours(24), "24 hours" },
        { TimeSpan.FromHours(36), "36 hours" },
        { TimeSpan.FromDays(2), "2 days" },
        { TimeSpan.FromDays(7), "7 days" },
        { TimeSpan.FromDays(13) + TimeSpan.FromHours(5), "13 days" },
        { TimeSpan.FromDays(14), "2 weeks" },
        { TimeSpan.FromDays(18), "2 weeks" },
        { TimeSpan.FromDays(21), "3 weeks" },
        { TimeSpan.FromDays(30), "4 weeks" },
        { TimeSpan.FromDays(44), "6 weeks" },
        { TimeSpan.FromDays(60), "2 months" },
        { TimeSpan.FromDays(97), "3 months" },
        { TimeSpan.FromDays(164), "5 months" },
        { TimeSpan.FromDays(720), "24 months" },
        { TimeSpan.FromDays(734), "2 years" },
        { TimeSpan.FromDays(3 * 365 + 60), "3 years" },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void HumanDuration_matches_go_units(TimeSpan duration, string expected) =>
        Assert.Equal(expected, HumanUnits.HumanDuration(duration));

    [Fact]
    public void Since_appends_ago()
    {
        var now = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal("3 hours ago", HumanUnits.Since(now.AddHours(-3), now));
        Assert.Equal("Less than a second ago", HumanUnits.Since(now, now));
    }
}
