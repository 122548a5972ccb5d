using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicGen.Models;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen presets [--json]</c> (lib/README.md §4): every registered preset with its seed and
/// parameter count at default sizes (PyTorch counting, i.e. what our model allocates). <c>--json</c> prints
/// <c>[{"id","citation","parameters"}]</c>; the text form adds the Keras count the papers report.
/// </summary>
internal sealed class PresetsCommand : ICommandGroup
{
    public Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print [{\"id\",\"seed\",\"parameters\"}] as JSON to stdout." };
        var cmd = new Command("presets", "List the model presets: id, seed paper, parameters at default sizes.") { json };
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var presets = Presets.All;
            if (parse.GetValue(json))
            {
                stdout.WriteLine(ToJson(presets));
                return 0;
            }
            int w = presets.Max(p => p.Id.Length);
            foreach (var p in presets)
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Id.PadRight(w)}  {p.ParameterCount(),13:N0} parameters (Keras {p.KerasParameterCount():N0})  {p.Citation}"));
            return 0;
        });
        return cmd;
    }

    /// <summary>The <c>--json</c> document.</summary>
    internal static string ToJson(IEnumerable<Preset> presets)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var p in presets)
            {
                w.WriteStartObject();
                w.WriteString("id", p.Id);
                w.WriteString("citation", p.Citation);
                w.WriteNumber("parameters", p.ParameterCount());
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
