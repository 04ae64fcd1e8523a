using Berth.Runtime.Spec;
using static Berth.Runtime.Tests.Spec.SpecFixtures;

namespace Berth.Runtime.Tests.Spec;

public sealed class ResourceTests
{
    private const long Mb = 1024 * 1024;

    private static Oci.Runtime.LinuxResources Resources(RunOptions options) => Generate(options).Linux!.Resources!;

    [Fact]
    public void NoLimits_ByDefault()
    {
        var resources = Resources(new RunOptions());
        Assert.Null(resources.Memory);
        Assert.Null(resources.Cpu);
        Assert.Null(resources.Pids);
    }

    [Fact]
    public void Memory_Alone_AllowsAsMuchSwapAgain()
    {
        var memory = Resources(new RunOptions { Memory = 256 * Mb }).Memory!;
        Assert.Equal((256 * Mb, 512 * Mb), (memory.Limit, memory.Swap));
    }

    [Fact]
    public void MemorySwap_MinusOneIsUnlimited_OtherwiseAsGiven()
    {
        Assert.Equal(-1, Resources(new RunOptions { Memory = 64 * Mb, MemorySwap = -1 }).Memory!.Swap);
        Assert.Equal(100 * Mb, Resources(new RunOptions { Memory = 64 * Mb, MemorySwap = 100 * Mb }).Memory!.Swap);
        Assert.Equal(32 * Mb, Resources(new RunOptions { Memory = 64 * Mb, MemoryReservation = 32 * Mb }).Memory!.Reservation);
    }

    [Fact]
    public void BadMemory_IsInvalid()
    {
        Assert.Contains("Minimum memory limit", Invalid(() => Generate(new RunOptions { Memory = Mb })).Message);
        Assert.Contains("Memory limit when using Memoryswap", Invalid(() => Generate(new RunOptions { MemorySwap = 64 * Mb })).Message);
        Assert.Contains("memoryswap limit should be larger", Invalid(() => Generate(new RunOptions { Memory = 64 * Mb, MemorySwap = 32 * Mb })).Message);
    }

    [Fact]
    public void Cpus_BecomeQuotaPerHundredMillisecondPeriod()
    {
        var cpu = Resources(new RunOptions { NanoCpus = 1_500_000_000 }).Cpu!;
        Assert.Equal((150_000L, 100_000UL), (cpu.Quota, cpu.Period));
        Assert.Equal(1_000L, Resources(new RunOptions { NanoCpus = 10_000_000 }).Cpu!.Quota);
        Assert.Contains("only 4 CPUs available", Invalid(() => Generate(new RunOptions { NanoCpus = 5_000_000_000 })).Message);
    }

    [Fact]
    public void SharesCpusetAndPids()
    {
        var resources = Resources(new RunOptions { CpuShares = 512, CpusetCpus = "0-1,3", PidsLimit = 100 });
        Assert.Equal((512UL, "0-1,3"), (resources.Cpu!.Shares, resources.Cpu.Cpus));
        Assert.Null(resources.Cpu.Quota);
        Assert.Equal(100, resources.Pids!.Limit);
        Assert.Null(Resources(new RunOptions { PidsLimit = -1 }).Pids);
        Assert.Contains("cpuset", Invalid(() => Generate(new RunOptions { CpusetCpus = "a-b" })).Message);
    }
}
