using MusicGen.Notebooks.Export;

namespace MusicGen.Notebooks.Tests.Engine;

public sealed class TexToHtmlTests
{
    [Theory]
    [InlineData(@"x^2", "<i>x</i><sup>2</sup>")]
    [InlineData(@"p_{t,k}", "<i>p</i><sub><i>t</i>,<i>k</i></sub>")]
    [InlineData(@"\frac{a}{b}", "<span class=\"frac\"><span class=\"fnum\"><i>a</i></span><span class=\"fden\"><i>b</i></span></span>")]
    [InlineData(@"\ln 2", "<span class=\"mop\">ln</span> 2")]
    [InlineData(@"88 \ln 2 = 61.00", "88 <span class=\"mop\">ln</span> 2 = 61.00")]
    [InlineData(@"\mathcal{L}", "ℒ")]
    [InlineData(@"\mathcal{A}", "𝒜")]
    [InlineData(@"\hat y", "<i>y</i>\u0302")]
    [InlineData(@"\mathrm{CE}(\text{pitch})", "<span class=\"mrm\">CE</span>(<span class=\"mrm\">pitch</span>)")]
    [InlineData(@"a \approx b", "<i>a</i> ≈ <i>b</i>")]
    [InlineData(@"\sum_i p_i", "∑<sub><i>i</i></sub> <i>p</i><sub><i>i</i></sub>")]
    [InlineData(@"a < b", "<i>a</i> &lt; <i>b</i>")]
    [InlineData(@"-x", "−<i>x</i>")]
    [InlineData(@"\mathrm{MSE}^{+}", "<span class=\"mrm\">MSE</span><sup>+</sup>")]
    [InlineData(@"\Big[ y \Big]", "[ <i>y</i> ]")]
    [InlineData(@"\ln(1-p)", "<span class=\"mop\">ln</span> (1−<i>p</i>)")]
    [InlineData(@"\weird{x}", "<span class=\"mcmd\">weird</span><i>x</i>")]
    [InlineData(@"\varepsilon = 10^{-8}", "ε = 10<sup>−8</sup>")]
    public void Renders_the_TeX_that_notebooks_use(string tex, string html) => Assert.Equal(html, TexToHtml.Render(tex));

    [Theory]
    [InlineData(@"\frac{1}{")]
    [InlineData(@"x^")]
    [InlineData(@"\")]
    [InlineData(@"}}}{{{")]
    [InlineData(@"\text{unclosed")]
    public void Malformed_TeX_renders_something_and_never_throws(string tex) => Assert.NotNull(TexToHtml.Render(tex));
}
