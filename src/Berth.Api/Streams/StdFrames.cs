using System.Buffers.Binary;

namespace Berth.Api.Streams;

/// <summary>Which stream a multiplexed frame carries (the first byte of its header).</summary>
public enum StdStreamType : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
    /// <summary>A message from the daemon itself (an error during attach), since API 1.42.</summary>
    Systemerr = 3,
}

/// <summary>One frame of a multiplexed stream.</summary>
public readonly record struct StdFrame(StdStreamType Stream, ReadOnlyMemory<byte> Payload);

/// <summary>
/// Docker's multiplexed stream framing (<c>application/vnd.docker.multiplexed-stream</c>), used by attach, logs
/// and exec when the container has no TTY: every chunk is an 8-byte header — the stream type, three zero bytes,
/// the payload length as a big-endian uint32 — followed by the payload. With a TTY the stream is raw bytes.
/// </summary>
public static class StdFrames
{
    public const int HeaderLength = 8;

    /// <summary>Writes one frame and flushes it, so an attached client sees output as the container writes it.</summary>
    public static async Task WriteAsync(Stream output, StdStreamType stream, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (payload.IsEmpty) return;
        var frame = new byte[HeaderLength + payload.Length];
        frame[0] = (byte)stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame.AsMemory(HeaderLength));
        await output.WriteAsync(frame, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>The next frame, or null at a clean end of stream (between frames).</summary>
    /// <exception cref="InvalidDataException">The stream ends inside a frame or the header is not a frame header.</exception>
    public static async Task<StdFrame?> ReadAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var header = new byte[HeaderLength];
        var read = await input.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, cancellationToken);
        if (read == 0) return null;
        if (read < HeaderLength) throw new InvalidDataException("the stream ended inside a frame header");
        if (header[0] > (byte)StdStreamType.Systemerr || header[1] != 0 || header[2] != 0 || header[3] != 0)
            throw new InvalidDataException($"not a multiplexed stream frame header: {Convert.ToHexString(header)}");
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
        if (length > int.MaxValue) throw new InvalidDataException($"frame of {length} bytes is too large");
        var payload = new byte[length];
        await input.ReadExactlyAsync(payload, cancellationToken);
        return new StdFrame((StdStreamType)header[0], payload);
    }
}
