using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Oci;

namespace Berth.Network.Cni;

/// <summary>
/// Runs a CNI configuration list the way libcni does: ADD calls each plugin in order, handing the previous
/// plugin's result on as prevResult; DEL calls them in reverse with the ADD's result. Each plugin is an
/// executable in <see cref="PluginDir"/>, given the CNI_* environment and its own configuration on stdin;
/// it answers a result or an error object on stdout.
/// </summary>
public sealed class CniPlugins(string pluginDir)
{
    /// <summary>Where Debian's containernetworking-plugins installs them.</summary>
    public const string DebianPluginDir = "/usr/lib/cni";

    public string PluginDir { get; } = pluginDir;

    /// <summary>Adds the container to the network; returns the last plugin's result (the attachment's addresses).</summary>
    /// <exception cref="BerthException">A plugin failed, with its message.</exception>
    public async Task<JsonObject> AddAsync(JsonObject configList, CniRequest request, CancellationToken cancellationToken)
    {
        JsonObject? result = null;
        foreach (var plugin in Plugins(configList))
        {
            var output = await InvokeAsync("ADD", PluginConfig(configList, plugin, request, result), request, cancellationToken);
            result = output ?? throw new BerthException(ErrorKind.Internal, $"CNI plugin {plugin["type"]} returned no result");
        }
        return result ?? throw new BerthException(ErrorKind.Internal, "CNI network configuration has no plugins");
    }

    /// <summary>
    /// Removes the container from the network. Every plugin is called even when one fails, so one broken step
    /// does not leave the others' rules and reservations behind; the first failure is thrown at the end.
    /// </summary>
    public async Task DeleteAsync(JsonObject configList, CniRequest request, JsonObject? addResult, CancellationToken cancellationToken)
    {
        BerthException? first = null;
        foreach (var plugin in Plugins(configList).Reverse())
        {
            try
            {
                await InvokeAsync("DEL", PluginConfig(configList, plugin, request, addResult), request, cancellationToken);
            }
            catch (BerthException e)
            {
                first ??= e;
            }
        }
        if (first is not null) throw first;
    }

    private static IEnumerable<JsonObject> Plugins(JsonObject configList) =>
        (configList["plugins"] as JsonArray ?? []).OfType<JsonObject>();

    /// <summary>One plugin's stdin: its own object with the list's name and version, prevResult and its capabilities' values.</summary>
    internal static JsonObject PluginConfig(JsonObject configList, JsonObject plugin, CniRequest request, JsonObject? prevResult)
    {
        var config = (JsonObject)plugin.DeepClone();
        config["cniVersion"] = configList["cniVersion"]?.DeepClone();
        config["name"] = configList["name"]?.DeepClone();
        if (prevResult is not null) config["prevResult"] = prevResult.DeepClone();
        if (plugin["capabilities"] is JsonObject capabilities)
        {
            var runtimeConfig = new JsonObject();
            foreach (var (name, enabled) in capabilities)
            {
                if (enabled?.GetValueKind() == JsonValueKind.True && request.Capabilities.TryGetValue(name, out var value))
                    runtimeConfig[name] = value.DeepClone();
            }
            if (runtimeConfig.Count > 0) config["runtimeConfig"] = runtimeConfig;
        }
        return config;
    }

    private async Task<JsonObject?> InvokeAsync(string command, JsonObject config, CniRequest request, CancellationToken cancellationToken)
    {
        var type = config["type"]?.GetValue<string>() ?? throw BerthException.Invalid("CNI plugin configuration without a type");
        var start = new ProcessStartInfo(Path.Join(PluginDir, type))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CNI_COMMAND"] = command;
        start.Environment["CNI_CONTAINERID"] = request.ContainerId;
        start.Environment["CNI_NETNS"] = request.NetnsPath;
        start.Environment["CNI_IFNAME"] = request.IfName;
        start.Environment["CNI_PATH"] = PluginDir;
        start.Environment["CNI_ARGS"] = string.Join(';', new[] { "IgnoreUnknown=1" }.Concat(request.Args.Select(a => $"{a.Key}={a.Value}")));
        using var process = Process.Start(start) ?? throw new BerthException(ErrorKind.Unavailable, $"CNI plugin {type} could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(config.ToJsonString());
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout;
        var errors = await stderr;
        // Process.Dispose leaves streams that were read synchronously open: their pipes would wait for a finalizer.
        process.StandardOutput.Dispose();
        process.StandardError.Dispose();
        if (process.ExitCode != 0) throw new BerthException(ErrorKind.Internal, $"CNI plugin {type} {command} failed: {ErrorMessage(output, errors)}");
        return output.Trim().Length == 0 ? null : JsonNode.Parse(output) as JsonObject;
    }

    /// <summary>A plugin's error object is <c>{"code", "msg", "details"}</c>; anything else is shown as it is.</summary>
    internal static string ErrorMessage(string stdout, string stderr)
    {
        try
        {
            if (JsonNode.Parse(stdout) is JsonObject error && error["msg"]?.GetValue<string>() is { } msg)
                return error["details"]?.GetValue<string>() is { Length: > 0 } details ? $"{msg}: {details}" : msg;
        }
        catch (JsonException)
        {
            // Not the spec's error object: fall through to the raw text.
        }
        return (stdout + stderr).Trim();
    }
}
