namespace Berth.Dockerfile.Instructions;

/// <summary>
/// The image config's Healthcheck as HEALTHCHECK sets it: Test is <c>["NONE"]</c>, <c>["CMD", argv...]</c> or
/// <c>["CMD-SHELL", "command"]</c>; zero durations and retries mean "inherit the default".
/// </summary>
internal sealed record HealthcheckConfig(
    IReadOnlyList<string> Test,
    TimeSpan Interval,
    TimeSpan Timeout,
    TimeSpan StartPeriod,
    TimeSpan StartInterval,
    int Retries);
