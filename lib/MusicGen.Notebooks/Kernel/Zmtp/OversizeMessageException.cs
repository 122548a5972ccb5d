namespace MusicGen.Notebooks.Kernel.Zmtp;

/// <summary>A peer announced a frame that would take its message past the size limit; the connection is
/// dropped before the frame is read, so the memory is never allocated.</summary>
internal sealed class OversizeMessageException(ulong frameSize, long allowed)
    : ZmtpException($"a frame of {frameSize} octets would exceed the message size limit ({allowed} octets left of it)");
