// Setup: the same in the MusicGen kernel and in .NET Interactive (Polyglot Notebooks).
// Build once first: dotnet build MusicGen.Notebooks.sln -c Release
#r "nuget: System.Numerics.Tensors, 10.0.0"
#r "nuget: SkiaSharp, 4.156.1"
#r "nuget: SkiaSharp.NativeAssets.Linux, 4.156.1"
#r "nuget: Microsoft.Data.Analysis, 0.24.0"
#r "../lib/MusicGen/bin/Release/net10.0/MusicGen.Core.dll"
#r "../lib/MusicGen.Interop/bin/Release/net10.0/MusicGen.Interop.dll"
using System.IO;
using Microsoft.Data.Analysis;
using MusicGen.Audio;
using MusicGen.Data;
using MusicGen.Evaluation;
using MusicGen.Interop;
using MusicGen.Midi;
using MusicGen.Models;
using MusicGen.Nn;
using MusicGen.Nn.Optim;
using MusicGen.Plotting;
using MusicGen.Representations;
using MusicGen.Runtime;
MusicGen.Interop.DotnetInteractive.Setup();  // .NET Interactive: Plotly.NET and XPlot charts display directly (nothing to do in our kernel)
