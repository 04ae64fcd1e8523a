using System.Collections.Concurrent;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec.Seccomp;

/// <summary>
/// Compiles a spec's seccomp filter to the kernel's BPF once, with the same libseccomp the runtimes use, so
/// crun can load it as it is (its <c>run.oci.seccomp_bpf_data</c> annotation) instead of compiling Docker's
/// ~350-rule profile again for every container — the largest single cost of a container start (about 40 ms of
/// crun's create on this kind of machine). The filter is compiled as crun 1.8 compiles the spec's section:
/// rules whose action is the default are left out, syscalls libseccomp does not know are skipped, and a rule
/// naming one argument index twice is split into one rule per condition.
/// </summary>
public static partial class SeccompBpf
{
    /// <summary>The annotation crun reads the filter from (base64 of the BPF program), ignoring the spec's section.</summary>
    public const string CrunAnnotation = "run.oci.seccomp_bpf_data";

    private const string Library = "libseccomp.so.2";
    private const int UnknownSyscall = -1;

    private static readonly ConcurrentDictionary<string, string?> Compiled = new(StringComparer.Ordinal);

    /// <summary>
    /// The spec with its seccomp filter compiled once, here, for crun (<see cref="CrunAnnotation"/>), instead of
    /// compiled by crun at every create; unchanged for other runtimes or when the filter can't be compiled here.
    /// </summary>
    public static Oci.Runtime.RuntimeSpec Precompiled(Oci.Runtime.RuntimeSpec spec, string runtimeName)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (runtimeName != "crun" || spec.Linux?.Seccomp is not { } seccomp || Compile(seccomp) is not { } bpf) return spec;
        return spec with { Annotations = new Dictionary<string, string>(spec.Annotations ?? new Dictionary<string, string>()) { [CrunAnnotation] = bpf } };
    }

    /// <summary>
    /// The filter as base64 BPF, or null when it cannot be compiled here (no libseccomp, an action or operator
    /// it does not know): the runtime then compiles the spec's section itself, as it would without this.
    /// </summary>
    public static string? Compile(LinuxSeccomp seccomp)
    {
        ArgumentNullException.ThrowIfNull(seccomp);
        var key = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(seccomp, RuntimeJsonContext.Default.LinuxSeccomp)));
        return Compiled.GetOrAdd(key, _ => TryCompile(seccomp));
    }

    private static string? TryCompile(LinuxSeccomp seccomp)
    {
        try
        {
            return CompileOrThrow(seccomp) is { } bpf ? Convert.ToBase64String(bpf) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    private static byte[]? CompileOrThrow(LinuxSeccomp seccomp)
    {
        if (seccomp.ListenerPath is not null || Action(seccomp.DefaultAction, seccomp.DefaultErrnoRet ?? 1) is not { } defaultAction) return null;
        var context = SeccompInit(defaultAction);
        if (context == IntPtr.Zero) return null;
        try
        {
            foreach (var architecture in seccomp.Architectures ?? [])
            {
                var token = SeccompArchResolveName(architecture.Replace("SCMP_ARCH_", "", StringComparison.Ordinal).ToLowerInvariant());
                if (token == 0) return null;
                var added = SeccompArchAdd(context, token);
                if (added < 0 && added != -17) return null; // -EEXIST: the native architecture is there from the start
            }
            foreach (var rule in seccomp.Syscalls ?? [])
            {
                if (Action(rule.Action, rule.ErrnoRet ?? 1) is not { } action) return null;
                if (action == defaultAction) continue;
                if (Conditions(rule.Args) is not { } conditions) return null;
                foreach (var name in rule.Names)
                {
                    var syscall = SeccompSyscallResolveName(name);
                    if (syscall == UnknownSyscall) continue;
                    if (!AddRule(context, action, syscall, conditions)) return null;
                }
            }
            return Export(context);
        }
        finally
        {
            SeccompRelease(context);
        }
    }

    /// <summary>All conditions in one rule (AND), unless an argument index repeats: then one rule each (OR), as crun does.</summary>
    private static bool AddRule(IntPtr context, uint action, int syscall, ArgumentCondition[] conditions)
    {
        var repeated = conditions.GroupBy(c => c.Argument).Any(g => g.Count() > 1);
        if (!repeated) return SeccompRuleAddArray(context, action, syscall, (uint)conditions.Length, conditions) >= 0;
        return conditions.All(condition => SeccompRuleAddArray(context, action, syscall, 1, [condition]) >= 0);
    }

    private static byte[] Export(IntPtr context)
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        using var writeEnd = pipe.ClientSafePipeHandle;
        if (SeccompExportBpf(context, (int)writeEnd.DangerousGetHandle()) < 0) throw new InvalidOperationException("seccomp_export_bpf failed");
        writeEnd.Dispose();
        using var bytes = new MemoryStream();
        pipe.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>libseccomp's action values (seccomp.h); null for one this does not know.</summary>
    private static uint? Action(string action, uint errno) => action switch
    {
        "SCMP_ACT_KILL" or "SCMP_ACT_KILL_THREAD" => 0x00000000u,
        "SCMP_ACT_KILL_PROCESS" => 0x80000000u,
        "SCMP_ACT_TRAP" => 0x00030000u,
        "SCMP_ACT_ERRNO" => 0x00050000u | (errno & 0xffff),
        "SCMP_ACT_TRACE" => 0x7ff00000u | (errno & 0xffff),
        "SCMP_ACT_LOG" => 0x7ffc0000u,
        "SCMP_ACT_ALLOW" => 0x7fff0000u,
        _ => null,
    };

    private static ArgumentCondition[]? Conditions(IReadOnlyList<LinuxSeccompArg>? args)
    {
        if (args is null) return [];
        var conditions = new ArgumentCondition[Math.Min(args.Count, 6)];
        for (var i = 0; i < conditions.Length; i++)
        {
            var arg = args[i];
            int? op = arg.Op switch
            {
                "SCMP_CMP_NE" => 1,
                "SCMP_CMP_LT" => 2,
                "SCMP_CMP_LE" => 3,
                "SCMP_CMP_EQ" => 4,
                "SCMP_CMP_GE" => 5,
                "SCMP_CMP_GT" => 6,
                "SCMP_CMP_MASKED_EQ" => 7,
                _ => null,
            };
            if (op is null || arg.Index >= 6) return null;
            conditions[i] = new ArgumentCondition { Argument = arg.Index, Operator = op.Value, DatumA = arg.Value, DatumB = arg.ValueTwo ?? 0 };
        }
        return conditions;
    }

    /// <summary>libseccomp's <c>struct scmp_arg_cmp</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ArgumentCondition
    {
        public uint Argument;
        public int Operator;
        public ulong DatumA;
        public ulong DatumB;
    }

    [LibraryImport(Library, EntryPoint = "seccomp_init")]
    private static partial IntPtr SeccompInit(uint defaultAction);

    [LibraryImport(Library, EntryPoint = "seccomp_release")]
    private static partial void SeccompRelease(IntPtr context);

    [LibraryImport(Library, EntryPoint = "seccomp_arch_resolve_name", StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint SeccompArchResolveName(string name);

    [LibraryImport(Library, EntryPoint = "seccomp_arch_add")]
    private static partial int SeccompArchAdd(IntPtr context, uint architecture);

    [LibraryImport(Library, EntryPoint = "seccomp_syscall_resolve_name", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SeccompSyscallResolveName(string name);

    [LibraryImport(Library, EntryPoint = "seccomp_rule_add_array")]
    private static partial int SeccompRuleAddArray(IntPtr context, uint action, int syscall, uint count, [In] ArgumentCondition[] conditions);

    [LibraryImport(Library, EntryPoint = "seccomp_export_bpf")]
    private static partial int SeccompExportBpf(IntPtr context, int fd);
}
