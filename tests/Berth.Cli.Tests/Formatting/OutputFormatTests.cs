using System.Text.Json;
using Berth.Cli.Formatting;
using static Berth.Cli.Tests.Formatting.TemplateTestData;

namespace Berth.Cli.Tests.Formatting;

public class OutputFormatTests
{
    private const string DefaultTable = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}";

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["Repository"] = "REPOSITORY", ["Tag"] = "TAG", ["ID"] = "IMAGE ID", ["Size"] = "SIZE",
    };

    private static readonly JsonElement[] Rows =
    [
        Json("""{"ID":"0123456789ab","Repository":"nginx","Size":"187MB","Tag":"latest"}"""),
        Json("""{"ID":"ba9876543210","Repository":"registry.example.com/team/app","Size":"4.4MB","Tag":"v1"}"""),
    ];

    private const string ExpectedDefault =
        "REPOSITORY                      TAG       IMAGE ID       SIZE\n" +
        "nginx                           latest    0123456789ab   187MB\n" +
        "registry.example.com/team/app   v1        ba9876543210   4.4MB\n";

    private static string Render(string? format, IEnumerable<JsonElement>? rows = null) =>
        OutputFormat.Render(format, DefaultTable, Headers, rows ?? Rows);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("table")]
    public void Default_table(string? format) => Assert.Equal(ExpectedDefault, Render(format));

    [Fact]
    public void Default_table_without_rows_prints_only_the_header() =>
        Assert.Equal("REPOSITORY   TAG       IMAGE ID   SIZE\n", Render(null, []));

    [Fact]
    public void Custom_table_with_literal_backslash_t() =>
        Assert.Equal(
            "IMAGE ID       SIZE\n0123456789ab   187MB\nba9876543210   4.4MB\n",
            Render("table {{.ID}}\\t{{.Size}}"));

    [Fact]
    public void Table_header_falls_back_to_upper_cased_camel_case_split_field_name() =>
        Assert.Equal(
            "CREATED SINCE   X\n2 days ago      1\n",
            OutputFormat.Render("table {{.CreatedSince}}\t{{.X}}", DefaultTable, Headers, [Json("""{"CreatedSince":"2 days ago","X":1}""")]));

    [Fact]
    public void Table_header_keeps_literal_text_and_ignores_string_functions() =>
        Assert.Equal(
            "REPO: REPOSITORY   TAG\nrepo: NGINX        \"latest\"\n",
            OutputFormat.Render("table {{lower \"REPO\"}}: {{upper .Repository}}\t{{json .Tag}}", DefaultTable, Headers, [Rows[0]]));

    [Fact]
    public void Table_header_errors_are_ignored_as_docker_does() =>
        Assert.Equal("\nx\n", OutputFormat.Render("table {{.A.B}}", DefaultTable, Headers, [Json("""{"A":{"B":"x"}}""")]));

    [Fact]
    public void Table_prefix_and_spaces_are_stripped() =>
        Assert.Equal("TAG\nlatest\nv1\n", Render("table   {{.Tag}}  "));

    [Fact]
    public void Json_prints_one_object_per_line() =>
        Assert.Equal(
            """
            {"ID":"0123456789ab","Repository":"nginx","Size":"187MB","Tag":"latest"}
            {"ID":"ba9876543210","Repository":"registry.example.com/team/app","Size":"4.4MB","Tag":"v1"}

            """.ReplaceLineEndings("\n"),
            Render("json"));

    [Fact]
    public void Plain_template_prints_one_line_per_row() =>
        Assert.Equal("nginx:latest\nregistry.example.com/team/app:v1\n", Render("{{.Repository}}:{{.Tag}}"));

    [Fact]
    public void Plain_template_expands_backslash_escapes_and_trims_spaces() =>
        Assert.Equal("nginx\tlatest\n\nregistry.example.com/team/app\tv1\n\n", Render(" {{.Repository}}\\t{{.Tag}}\\n "));

    [Fact]
    public void Plain_template_without_rows_prints_nothing() => Assert.Equal("", Render("{{.ID}}", []));

    [Fact]
    public void Parse_errors_throw() =>
        Assert.Equal(
            "template: :1: function \"nope\" not defined",
            Assert.Throws<TemplateException>(() => Render("table {{nope .ID}}")).Message);

    [Fact]
    public void Row_errors_throw() =>
        Assert.Throws<TemplateException>(() => Render("{{.ID.X}}"));

    [Theory]
    [InlineData("CreatedSince", "CREATED SINCE")]
    [InlineData("ID", "ID")]
    [InlineData("ImageID", "IMAGE ID")]
    [InlineData("HTTPPort", "HTTP PORT")]
    [InlineData("Names", "NAMES")]
    [InlineData("LocalVolumes", "LOCAL VOLUMES")]
    [InlineData("Size2Big", "SIZE2 BIG")]
    [InlineData("lower", "LOWER")]
    public void HeaderFor_splits_camel_case(string field, string expected) =>
        Assert.Equal(expected, OutputFormat.HeaderFor(field));
}
