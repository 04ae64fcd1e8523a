namespace Berth.Registry.Tests.Server;

/// <summary>A clock the test moves by hand (token expiry without waiting).</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
