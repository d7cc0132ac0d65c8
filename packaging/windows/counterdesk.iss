; Inno Setup script: a per-machine installer for the one-folder build in dist\counterdesk.
; Built by the CI workflow (iscc packaging\windows\counterdesk.iss).
#define AppVersion GetEnv("COUNTERDESK_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C1E8F2A-4B1D-4E57-9A3C-2F7D0C5B9E11}
AppName=CounterDesk 窗口通
AppVersion={#AppVersion}
AppPublisher=CounterDesk
DefaultDirName={autopf}\CounterDesk
DefaultGroupName=CounterDesk
OutputDir=..\..\dist
OutputBaseFilename=counterdesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
; Signing: set SignTool in the IDE or pass /S on the iscc command line with the office's
; certificate (see packaging/README.md); the workflow signs counterdesk.exe beforehand.

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\counterdesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\CounterDesk 窗口通"; Filename: "{app}\counterdesk.exe"
Name: "{commondesktop}\CounterDesk 窗口通"; Filename: "{app}\counterdesk.exe"

[Run]
Filename: "{app}\counterdesk.exe"; Parameters: "--self-test"; Flags: runhidden waituntilterminated; StatusMsg: "Checking the installation…"
