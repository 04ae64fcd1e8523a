using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Oci.Runtime;
using Berth.Runtime.Spec;
using static Berth.Runtime.Tests.Spec.SpecFixtures;

namespace Berth.Runtime.Tests.Spec;

public sealed class SerializationTests
{
    private static JsonObject Json(RuntimeSpec spec) =>
        JsonNode.Parse(JsonSerializer.Serialize(spec, RuntimeJsonContext.Default.RuntimeSpec))!.AsObject();

    [Fact]
    public void UsesTheOciRuntimeSpecNames()
    {
        var json = Json(Generate(new RunOptions
        {
            Memory = 64 << 20,
            NanoCpus = 500_000_000,
            PidsLimit = 10,
            GroupAdd = ["5"],
            ReadOnlyRootfs = true,
            Ulimits = new Dictionary<string, Ulimit> { ["nofile"] = new(10, 20) },
            Sysctls = new Dictionary<string, string> { ["net.core.somaxconn"] = "1024" },
            Binds = ["/a:/b:rshared"],
        }));
        Assert.Equal(RuntimeSpec.Version, (string?)json["ociVersion"]);
        Assert.Equal("1.1.0", RuntimeSpec.Version);
        var process = json["process"]!;
        Assert.Equal(["terminal", "user", "args", "env", "cwd", "capabilities", "rlimits", "noNewPrivileges", "oomScoreAdj"], Keys(process));
        Assert.Equal(["uid", "gid", "additionalGids"], Keys(process["user"]!));
        Assert.Equal(["bounding", "effective", "permitted"], Keys(process["capabilities"]!));
        Assert.Equal(["type", "hard", "soft"], Keys(process["rlimits"]![0]!));
        Assert.Equal(["path", "readonly"], Keys(json["root"]!));
        Assert.Equal(["destination", "type", "source", "options"], Keys(json["mounts"]![0]!));
        var linux = json["linux"]!;
        Assert.Equal(["namespaces", "cgroupsPath", "resources", "sysctl", "seccomp", "rootfsPropagation", "maskedPaths", "readonlyPaths"], Keys(linux));
        Assert.Equal("mount", (string?)linux["namespaces"]![0]!["type"]);
        Assert.Equal(["devices", "memory", "cpu", "pids"], Keys(linux["resources"]!));
        Assert.Equal(["allow", "access"], Keys(linux["resources"]!["devices"]![0]!));
        Assert.Equal(["allow", "type", "major", "minor", "access"], Keys(linux["resources"]!["devices"]![1]!));
        Assert.Equal(["limit", "swap"], Keys(linux["resources"]!["memory"]!));
        Assert.Equal(["quota", "period"], Keys(linux["resources"]!["cpu"]!));
        Assert.Equal(["limit"], Keys(linux["resources"]!["pids"]!));
        Assert.Equal(["defaultAction", "defaultErrnoRet", "architectures", "syscalls"], Keys(linux["seccomp"]!));
        Assert.Equal(["names", "action"], Keys(linux["seccomp"]!["syscalls"]![0]!));
        var clone = linux["seccomp"]!["syscalls"]!.AsArray().First(s => s!["names"]![0]!.GetValue<string>() == "clone")!;
        Assert.Equal(["index", "value", "valueTwo", "op"], Keys(clone["args"]![0]!));
    }

    [Fact]
    public void PrivilegedDevices_UseTheSpecNames()
    {
        var device = Json(Generate(new RunOptions { Privileged = true }))["linux"]!["devices"]![0]!;
        Assert.Equal(["path", "type", "major", "minor", "fileMode"], Keys(device));
    }

    [Fact]
    public void RoundTrips()
    {
        var spec = Generate(new RunOptions { Tty = true, CapAdd = ["SYS_PTRACE"] });
        var text = JsonSerializer.Serialize(spec, RuntimeJsonContext.Default.RuntimeSpec);
        var back = JsonSerializer.Deserialize(text, RuntimeJsonContext.Default.RuntimeSpec)!;
        Assert.Equal(text, JsonSerializer.Serialize(back, RuntimeJsonContext.Default.RuntimeSpec));
    }

    private static List<string> Keys(JsonNode node) => [.. node.AsObject().Select(p => p.Key)];
}
