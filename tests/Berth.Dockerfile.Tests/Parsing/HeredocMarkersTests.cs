using Berth.Dockerfile.Parsing;

namespace Berth.Dockerfile.Tests.Parsing;

public sealed class HeredocMarkersTests
{
    public static TheoryData<string, string, int, bool, bool> Markers() => new()
    {
        { "<<EOF", "EOF", 0, true, false },
        { "<<-EOF", "EOF", 0, true, true },
        { "<<\"EOF\"", "EOF", 0, false, false },
        { "<<-'EOT'", "EOT", 0, false, true },
        { "<<E\"O\"F", "EOF", 0, false, false },
        { "3<<FD", "FD", 3, true, false },
        { "<< SPACED", "SPACED", 0, true, false },
    };

    [Theory]
    [MemberData(nameof(Markers))]
    public void ParsesMarkers(string word, string name, int fd, bool expand, bool chomp) =>
        Assert.Equal(new Heredoc(name, fd, expand, chomp, ""), HeredocMarkers.Parse(word));

    [Theory]
    [InlineData("<<")]
    [InlineData("<EOF")]
    [InlineData("a<<EOF")]
    [InlineData("<<EOF<<X")]
    public void RejectsNonMarkers(string word) => Assert.Null(HeredocMarkers.Parse(word));

    [Fact]
    public void FindsEveryUnquotedMarkerOnALine()
    {
        var markers = HeredocMarkers.FindAll("RUN cat <<A \"<<NOT\" '<<NOR' \\<<ESCAPED <<-B");
        Assert.Equal(["A", "B"], markers.Select(m => m.Name));
    }
}
