using System.CommandLine;
using System.Text.Json;
using Berth.Api;
using Berth.Api.Client;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Info;

/// <summary><c>berth version</c>: client and server versions, in docker's layout.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template" };
        var command = new Command("version", "Show the Berth version information") { format };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var clientVersion = typeof(VersionCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            var client = $"""
                Client:
                 Version:           {clientVersion}
                 API version:       {ApiVersions.Maximum}
                 OS/Arch:           linux/{ClientArch}
                 Context:           default
                """;
            var template = parse.GetValue(format);
            if (template is not null)
            {
                var server = await cli.Client.VersionAsync(ct);
                var element = JsonSerializer.SerializeToElement(server, ApiJsonContext.Default.SystemVersion);
                var data = JsonRowsWith(clientVersion, element);
                await cli.Out.WriteLineAsync(GoTemplate.Parse(GoTemplate.PreprocessEscapes(template)).Execute(data));
                return 0;
            }
            await cli.Out.WriteLineAsync(client);
            await cli.Out.WriteLineAsync();
            try
            {
                var server = await cli.Client.VersionAsync(ct);
                await cli.Out.WriteLineAsync($"""
                    Server: {server.Platform.Name}
                     Engine:
                      Version:          {server.Version}
                      API version:      {server.ApiVersion} (minimum version {server.MinAPIVersion})
                      Runtime:          {server.GoVersion}
                      Git commit:       {server.GitCommit}
                      Built:            {server.BuildTime}
                      OS/Arch:          {server.Os}/{server.Arch}
                      Kernel:           {server.KernelVersion}
                      Experimental:     {(server.Experimental ? "true" : "false")}
                    """);
                return 0;
            }
            catch (DaemonUnreachableException e)
            {
                await cli.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static string ClientArch => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>docker's version template data: <c>{{.Client.Version}}</c> and <c>{{.Server.Version}}</c>.</summary>
    private static JsonElement JsonRowsWith(string clientVersion, JsonElement server)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Client");
            writer.WriteString("Version", clientVersion);
            writer.WriteString("ApiVersion", ApiVersions.Maximum);
            writer.WriteString("Os", "linux");
            writer.WriteString("Arch", ClientArch);
            writer.WriteEndObject();
            writer.WritePropertyName("Server");
            server.WriteTo(writer);
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }
}
