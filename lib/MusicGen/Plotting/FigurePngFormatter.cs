namespace MusicGen.Plotting;

/// <summary>
/// The <c>image/png</c> form of a <see cref="Figure"/> (base64, as nbformat stores binary MIME
/// data), in the formatter convention's shape. It declines, so the figure still shows as SVG, when
/// SkiaSharp's native library cannot load in the host (for example a kernel that referenced
/// MusicGen.Core.dll without SkiaSharp's native assets).
/// </summary>
internal sealed class FigurePngFormatter
{
    private static readonly Lazy<bool> s_skiaLoads = new(() =>
    {
        try
        {
            using var bitmap = new SkiaSharp.SKBitmap(1, 1);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or FileNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    });

    public string MimeType => "image/png";

    public Type Type => typeof(Figure);

    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not Figure figure || !s_skiaLoads.Value) return false;
        writer.Write(Convert.ToBase64String(figure.ToPng()));
        return true;
    }
}
