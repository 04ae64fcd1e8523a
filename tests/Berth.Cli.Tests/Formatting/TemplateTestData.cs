using System.Text.Json;
using Berth.Cli.Formatting;

namespace Berth.Cli.Tests.Formatting;

internal static class TemplateTestData
{
    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static string Run(string template, string json = "{}") => GoTemplate.Parse(template).Execute(Json(json));

    public static string ErrorOf(string template, string json = "{}") =>
        Assert.Throws<TemplateException>(() => Run(template, json)).Message;
}
