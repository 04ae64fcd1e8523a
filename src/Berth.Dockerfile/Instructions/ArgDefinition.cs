namespace Berth.Dockerfile.Instructions;

/// <summary>One name of an ARG, with its default as written (null when it has none; "" for <c>ARG x=</c>).</summary>
internal sealed record ArgDefinition(string Name, string? Default);
