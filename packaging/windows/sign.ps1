# Authenticode-sign a file with the office's code-signing certificate.
# Needs WINDOWS_CERT_PFX (base64 of the .pfx) and WINDOWS_CERT_PASSWORD in the environment.
param([Parameter(Mandatory = $true)][string]$File)
$pfx = Join-Path $env:RUNNER_TEMP "codesign.pfx"
[IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERT_PFX))
try {
  & signtool sign /f $pfx /p $env:WINDOWS_CERT_PASSWORD /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 $File
  if ($LASTEXITCODE -ne 0) { throw "signtool failed" }
} finally {
  Remove-Item $pfx -Force
}
