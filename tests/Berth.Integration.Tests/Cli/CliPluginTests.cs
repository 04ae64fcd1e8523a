using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Cli;

/// <summary>
/// <c>berth NAME …</c> runs the <c>berth-NAME</c> binary when NAME is not a built-in command, as docker runs its
/// CLI plugins; the plugin takes over the process, so its output and exit code are berth's.
/// </summary>
public sealed class CliPluginTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task UnknownCommand_WithPluginOnPath_RunsThePluginWithTheRestOfTheArguments()
    {
        WritePlugin("berth-hello", "#!/bin/sh\necho \"args:$*\"\nexit 3\n");

        var result = await ProcessRunner.RunAsync(RepoPaths.Berth, ["hello", "serve", "--addr", "127.0.0.1:0"], PathWithPlugins());

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("args:serve --addr 127.0.0.1:0\n", result.Stdout);
    }

    [Fact]
    public async Task BuiltInCommand_IsNeverShadowedByAPlugin()
    {
        WritePlugin("berth-version", "#!/bin/sh\necho shadowed\n");

        var result = await ProcessRunner.RunAsync(RepoPaths.Berth, ["version", "--help"], PathWithPlugins());

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("shadowed", result.Stdout);
    }

    [Fact]
    public async Task UnknownCommand_WithoutPlugin_IsAUsageError()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Berth, ["no-such-command"], PathWithPlugins());

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("no-such-command", result.Stderr);
    }

    private void WritePlugin(string name, string script)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private Dictionary<string, string> PathWithPlugins() => new() { ["PATH"] = $"{_dir.Path}:/usr/bin:/bin" };
}
