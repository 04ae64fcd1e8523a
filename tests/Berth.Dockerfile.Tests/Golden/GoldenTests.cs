using System.Runtime.CompilerServices;
using Berth.Dockerfile.Json;

namespace Berth.Dockerfile.Tests.Golden;

/// <summary>
/// Each folder under TestData holds a Dockerfile and either expected.json (the parse, rendered by
/// <see cref="DockerfileJson"/>) or expected-error.txt (the exact error line). Set BERTH_UPDATE_GOLDEN=1 to
/// write the actual output into the source folders, then review the diff before committing it.
/// </summary>
public sealed class GoldenTests
{
    private static readonly string DataRoot = Path.Combine(AppContext.BaseDirectory, "TestData");

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(DataRoot).Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetFileName(directory));
        }
        return cases;
    }

    [Fact]
    public void EveryCaseHasExactlyOneExpectation()
    {
        var cases = Directory.GetDirectories(DataRoot);
        Assert.True(cases.Length >= 60, $"only {cases.Length} golden cases");
        foreach (var directory in cases)
        {
            var json = File.Exists(Path.Combine(directory, "expected.json"));
            var error = File.Exists(Path.Combine(directory, "expected-error.txt"));
            Assert.True(json ^ error, $"{Path.GetFileName(directory)} needs exactly one of expected.json and expected-error.txt");
            Assert.True(File.Exists(Path.Combine(directory, "Dockerfile")), $"{Path.GetFileName(directory)} has no Dockerfile");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParsesAsExpected(string name)
    {
        var directory = Path.Combine(DataRoot, name);
        var text = File.ReadAllText(Path.Combine(directory, "Dockerfile"));
        var expectedJsonPath = Path.Combine(directory, "expected.json");
        string actual;
        try
        {
            actual = DockerfileJson.Serialize(DockerfileParser.Parse(text)) + "\n";
        }
        catch (DockerfileParseException e)
        {
            actual = e.Message + "\n";
            UpdateIfAsked(name, "expected-error.txt", actual);
            Assert.False(File.Exists(expectedJsonPath), $"{name}: expected a parse, got: {e.Message}");
            Assert.Equal(File.ReadAllText(Path.Combine(directory, "expected-error.txt")), actual);
            return;
        }
        UpdateIfAsked(name, "expected.json", actual);
        Assert.True(File.Exists(expectedJsonPath), $"{name}: expected an error, got a parse");
        Assert.Equal(File.ReadAllText(expectedJsonPath), actual);
    }

    private static void UpdateIfAsked(string name, string file, string content, [CallerFilePath] string thisFile = "")
    {
        if (Environment.GetEnvironmentVariable("BERTH_UPDATE_GOLDEN") != "1")
        {
            return;
        }
        var sourceDirectory = Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "TestData", name);
        foreach (var stale in new[] { "expected.json", "expected-error.txt" })
        {
            File.Delete(Path.Combine(sourceDirectory, stale));
        }
        File.WriteAllText(Path.Combine(sourceDirectory, file), content);
    }
}
