namespace MusicGen.Interop;

/// <summary>
/// The formatter convention's attribute (see MusicGen.Formatting.TypeFormatterSourceAttribute in
/// MusicGen.Core, which is internal there): front ends find it by its type name, so this assembly
/// declares its own copy for <see cref="PlotlyFigure"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    public string[]? PreferredMimeTypes { get; set; }
}
