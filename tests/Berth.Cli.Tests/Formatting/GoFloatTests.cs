using Berth.Cli.Formatting;

namespace Berth.Cli.Tests.Formatting;

public class GoFloatTests
{
    [Theory]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(100000.0, "100000")]
    [InlineData(1.5, "1.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(123456789.0, "1.23456789e+08")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e100, "1e+100")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Shortest_g(double value, string expected) => Assert.Equal(expected, GoFloat.Format(value, 'g', -1));

    [Theory]
    [InlineData(999.999, 3, "1e+03")]
    [InlineData(12.3456, 3, "12.3")]
    [InlineData(100.0, 3, "100")]
    [InlineData(1.125, 3, "1.12")]
    [InlineData(1.375, 3, "1.38")]
    [InlineData(1.135, 3, "1.14")]
    [InlineData(2.5, 1, "2")]
    [InlineData(3.5, 1, "4")]
    [InlineData(1.5, 4, "1.5")]
    [InlineData(0.0, 4, "0")]
    [InlineData(1234.5, 4, "1234")]
    [InlineData(1235.5, 4, "1236")]
    [InlineData(0.000012345, 3, "1.23e-05")]
    [InlineData(123456.0, 0, "1e+05")]
    [InlineData(1235.0, 3, "1.24e+03")]
    [InlineData(1225.0, 3, "1.22e+03")]
    [InlineData(9007199254740991.0, 3, "9.01e+15")]
    [InlineData(9007199254740992.0, 17, "9007199254740992")]
    public void Precision_g_rounds_half_even_on_the_exact_value(double value, int precision, string expected) =>
        Assert.Equal(expected, GoFloat.Format(value, 'g', precision));

    [Theory]
    [InlineData(1234.5678, 'e', 2, "1.23e+03")]
    [InlineData(0.0, 'e', 2, "0.00e+00")]
    [InlineData(1e-10, 'e', 2, "1.00e-10")]
    [InlineData(1e100, 'E', 1, "1.0E+100")]
    [InlineData(9.999, 'e', 2, "1.00e+01")]
    [InlineData(3.14159, 'f', 2, "3.14")]
    [InlineData(0.005, 'f', 2, "0.01")]
    [InlineData(2.675, 'f', 2, "2.67")]
    [InlineData(0.5, 'f', 0, "0")]
    [InlineData(1.5, 'f', 0, "2")]
    [InlineData(0.06, 'f', 0, "0")]
    [InlineData(99.96, 'f', 1, "100.0")]
    [InlineData(1e21, 'f', 0, "1000000000000000000000")]
    [InlineData(12.5, 'f', -1, "12.5")]
    public void Fixed_precision_e_and_f(double value, char format, int precision, string expected) =>
        Assert.Equal(expected, GoFloat.Format(value, format, precision));

    [Theory]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(3.0, "3")]
    [InlineData(-0.0, "-0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.2345e-10, "1.2345e-10")]
    public void Json_float(double value, string expected) => Assert.Equal(expected, GoFloat.Json(value));
}
