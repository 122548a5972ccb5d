using System.Buffers.Binary;
using System.Text;
using MusicGen.Audio;
using MusicGen.Formatting;
using MusicGen.Midi;

namespace MusicGen.Tests.Audio;

public class WavTests
{
    [Fact]
    public void Header_fields_are_exact()
    {
        var samples = new float[] { 0f, 0.5f, -0.5f, 1f, -1f, 2f, float.NaN };
        var b = Wav.ToBytes(samples, 44100);
        Assert.Equal(44 + 2 * samples.Length, b.Length);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(b, 0, 4));
        Assert.Equal((uint)(b.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4)));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(b, 8, 4));
        Assert.Equal("fmt ", Encoding.ASCII.GetString(b, 12, 4));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(20)));      // PCM
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(22)));      // mono
        Assert.Equal(44100u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(24)));
        Assert.Equal(88200u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(28))); // byte rate
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(32)));      // block align
        Assert.Equal(16, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(34)));
        Assert.Equal("data", Encoding.ASCII.GetString(b, 36, 4));
        Assert.Equal((uint)(2 * samples.Length), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(40)));
        short[] expected = { 0, 16384, -16384, 32767, -32767, 32767, 0 };            // round(x·32767), clamped, NaN → 0
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(44 + 2 * i)));
    }

    [Fact]
    public void Write_then_read_round_trips_and_leaves_no_temp_file()
    {
        var dir = Directory.CreateTempSubdirectory("wav-test-").FullName;
        try
        {
            var path = Path.Combine(dir, "a.wav");
            var samples = Enumerable.Range(0, 1000).Select(i => (float)Math.Sin(i * 0.05) * 0.9f).ToArray();
            Wav.Write(path, samples, 22050);
            Wav.Write(path, samples, 22050); // overwrite works
            var (back, sr) = Wav.Read(path);
            Assert.Equal(22050, sr);
            Assert.Equal(samples.Length, back.Length);
            for (int i = 0; i < samples.Length; i++) Assert.InRange(back[i] - samples[i], -1.0 / 32767, 1.0 / 32767);
            Assert.Single(Directory.GetFiles(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Take_cuts_with_a_fade_out()
    {
        var clip = new AudioClip(Enumerable.Repeat(0.5f, 22050).ToArray());
        var head = clip.Take(0.5);
        Assert.Equal(11025, head.Samples.Length);
        Assert.Equal(0.5f, head.Samples[0]);
        Assert.Equal(0f, head.Samples[^1]);
        Assert.Equal(22050, clip.Take(5).Samples.Length);
    }

    [Fact]
    public void Reading_a_non_wav_names_the_source()
    {
        var e = Assert.Throws<InvalidDataException>(() => Wav.FromBytes("hello world!"u8.ToArray(), "x.wav"));
        Assert.StartsWith("x.wav:", e.Message);
    }

    [Fact]
    public void AudioClip_formatter_is_discoverable_by_attribute_name()
    {
        var attr = typeof(AudioClip).GetCustomAttributes(true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var mimes = (string[])attr.GetType().GetProperty("PreferredMimeTypes")!.GetValue(attr)!;
        Assert.Equal(new[] { "text/plain", "text/html" }, mimes);
        var sourceType = (Type)attr.GetType().GetProperty("FormatterSourceType")!.GetValue(attr)!;
        var source = Activator.CreateInstance(sourceType)!;
        var formatters = ((IEnumerable<object>)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!).ToList();
        var song = new MidiSong();
        song.Instruments.Add(new Instrument(0) { Notes = { new Note(60, 100, 0, 0.2) } });
        var clip = AudioClip.Synthesize(song);   // the additive synthesizer, whatever SoundFont is installed
        var outputs = new Dictionary<string, string>();
        foreach (var f in formatters)
        {
            var mime = (string)f.GetType().GetProperty("MimeType")!.GetValue(f)!;
            var w = new StringWriter();
            Assert.True((bool)f.GetType().GetMethod("Format")!.Invoke(f, new object[] { clip, w })!);
            outputs[mime] = w.ToString();
        }
        Assert.Equal("AudioClip(0.7 s, 22050 Hz, mono 16-bit) played by additive synthesizer", outputs["text/plain"]);
        const string prefix = "<div><audio controls preload=\"metadata\" src=\"data:audio/wav;base64,";
        Assert.StartsWith(prefix, outputs["text/html"]);
        var b64 = outputs["text/html"][prefix.Length..outputs["text/html"].IndexOf('"', prefix.Length)];
        Assert.Equal(clip.ToWavBytes(), Convert.FromBase64String(b64));
        Assert.EndsWith(">played by additive synthesizer</div></div>", outputs["text/html"]);
    }
}
