using System.Net;

namespace Berth.Api.Client;

/// <summary>The daemon answered with an error status; <see cref="Exception.Message"/> is its message.</summary>
public sealed class ApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>No daemon answered at the host the client was pointed at.</summary>
public sealed class DaemonUnreachableException(string host, Exception inner)
    : Exception($"Cannot connect to the Berth daemon at {host}. Is berthd running?", inner);
