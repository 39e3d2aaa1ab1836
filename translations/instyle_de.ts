<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>EtaSmoother</name>
    <message>
        <source>less than a minute left</source>
        <translation>weniger als eine Minute übrig</translation>
    </message>
    <message numerus="yes">
        <source>about %n min left</source>
        <translation>
            <numerusform>noch etwa %n Min.</numerusform>
            <numerusform>noch etwa %n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n h left</source>
        <translation>
            <numerusform>noch etwa %n Std.</numerusform>
            <numerusform>noch etwa %n Std.</numerusform>
        </translation>
    </message>
    <message>
        <source>about %1 h %2 min left</source>
        <translation>noch etwa %1 Std. %2 Min.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1: not an object; the default weights are used</source>
        <translation>%1: kein Objekt; es werden die Standardgewichte verwendet</translation>
    </message>
    <message>
        <source>%1: invalid value %2, using %3</source>
        <translation>%1: ungültiger Wert %2, verwendet wird %3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>%1style: the window blends two paintings; the first two are used</source>
        <translation>%1style: das Fenster mischt zwei Gemälde; die ersten beiden werden verwendet</translation>
    </message>
    <message>
        <source>%1mask: not a readable mask image; left out</source>
        <translation>%1mask: kein lesbares Maskenbild; weggelassen</translation>
    </message>
    <message>
        <source>%1rect: not X,Y,W,H; left out</source>
        <translation>%1rect: nicht X,Y,W,H; weggelassen</translation>
    </message>
    <message>
        <source>%1: --point and --class are chosen again by a click in the window; left out</source>
        <translation>%1: --point und --class werden im Fenster erneut per Klick gewählt; weggelassen</translation>
    </message>
    <message>
        <source>maskPng: not a PNG image; the saved mask was left out</source>
        <translation>maskPng: kein PNG-Bild; die gespeicherte Maske wurde weggelassen</translation>
    </message>
    <message>
        <source>instances: not a list; no instance is selected</source>
        <translation>instances: keine Liste; keine Instanz ist ausgewählt</translation>
    </message>
    <message>
        <source>%1: not an object; left out</source>
        <translation>%1: kein Objekt; weggelassen</translation>
    </message>
    <message>
        <source>not valid JSON (%1 at byte %2)</source>
        <translation>kein gültiges JSON (%1 bei Byte %2)</translation>
    </message>
    <message>
        <source>not an instyle project or job file (not a JSON object)</source>
        <translation>kein instyle-Projekt und keine Job-Datei (kein JSON-Objekt)</translation>
    </message>
    <message>
        <source>not an instyle project or job file (no &quot;content&quot; photo)</source>
        <translation>kein instyle-Projekt und keine Job-Datei (kein Foto unter &quot;content&quot;)</translation>
    </message>
    <message>
        <source>it names no photo</source>
        <translation>es nennt kein Foto</translation>
    </message>
</context>
<context>
    <name>SamplePaintings</name>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>Public domain. Source: %1</source>
        <translation>Gemeinfrei. Quelle: %1</translation>
    </message>
    <message>
        <source>not JSON (%1 at offset %2)</source>
        <translation>kein JSON (%1 bei Offset %2)</translation>
    </message>
    <message>
        <source>no &quot;paintings&quot; list</source>
        <translation>keine &quot;paintings&quot;-Liste</translation>
    </message>
    <message>
        <source>painting %1 (%2)</source>
        <translation>Gemälde %1 (%2)</translation>
    </message>
    <message>
        <source>no id</source>
        <translation>keine ID</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is missing or invalid</source>
        <translation>%1: &quot;%2&quot; fehlt oder ist ungültig</translation>
    </message>
    <message>
        <source>%1: the file name %2 is used twice</source>
        <translation>%1: der Dateiname %2 kommt doppelt vor</translation>
    </message>
    <message>
        <source>%1 cannot be decoded (%2)</source>
        <translation>%1 kann nicht dekodiert werden (%2)</translation>
    </message>
    <message>
        <source>%1 is %2×%3 pixels, expected %4×%5</source>
        <translation>%1 hat %2×%3 Pixel, erwartet: %4×%5</translation>
    </message>
</context>
<context>
    <name>instyle::ui::HashVerdicts</name>
    <message>
        <source>Verified (SHA-256 matches)</source>
        <translation>Geprüft (SHA-256 stimmt)</translation>
    </message>
    <message>
        <source>SHA-256 mismatch: %1</source>
        <translation>SHA-256 stimmt nicht: %1</translation>
    </message>
    <message>
        <source>Not verified: no published hash</source>
        <translation>Nicht geprüft: kein veröffentlichter Hash</translation>
    </message>
    <message>
        <source>Cannot check: %1</source>
        <translation>Prüfung nicht möglich: %1</translation>
    </message>
</context>
<context>
    <name>instyle::ui::ImageExport</name>
    <message>
        <source>no image</source>
        <translation>kein Bild</translation>
    </message>
</context>
<context>
    <name>instyle::ui::InstanceSelection</name>
    <message>
        <source>Clear selection</source>
        <translation>Auswahl aufheben</translation>
    </message>
    <message>
        <source>Select %1</source>
        <translation>%1 auswählen</translation>
    </message>
    <message>
        <source>Grow mask</source>
        <translation>Maske vergrößern</translation>
    </message>
    <message>
        <source>Shrink mask</source>
        <translation>Maske verkleinern</translation>
    </message>
    <message>
        <source>Refine with GrabCut</source>
        <translation>Mit GrabCut verfeinern</translation>
    </message>
    <message>
        <source>Brush: add</source>
        <translation>Pinsel: hinzufügen</translation>
    </message>
    <message>
        <source>Brush: erase</source>
        <translation>Pinsel: entfernen</translation>
    </message>
    <message>
        <source>object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Add object</source>
        <translation>Objekt hinzufügen</translation>
    </message>
</context>
<context>
    <name>instyle::ui::LogWeightControl</name>
    <message>
        <source>Logarithmic: 10⁻² … 10¹⁰. Dragging multiplies by 10 every %1 px; a click beside the handle or Page Up/Down by 10, an arrow key by 1.26</source>
        <translation>Logarithmisch: 10⁻² … 10¹⁰. Ziehen multipliziert alle %1 px mit 10; ein Klick neben den Regler oder Bild auf/ab mit 10, eine Pfeiltaste mit 1,26</translation>
    </message>
</context>
<context>
    <name>instyle::ui::LossChart</name>
    <message>
        <source>Loss (weighted terms)</source>
        <translation>Verlust (gewichtete Terme)</translation>
    </message>
    <message>
        <source>content α·Lc</source>
        <translation>Inhalt α·Lc</translation>
    </message>
    <message>
        <source>style β·Ls</source>
        <translation>Stil β·Ls</translation>
    </message>
    <message>
        <source>depth θ·Ld</source>
        <translation>Tiefe θ·Ld</translation>
    </message>
    <message>
        <source>Laplacian γ·Llap</source>
        <translation>Laplace γ·Llap</translation>
    </message>
    <message>
        <source>total</source>
        <translation>gesamt</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>Iteration</translation>
    </message>
</context>
<context>
    <name>instyle::ui::MainWindow</name>
    <message>
        <source>instyle</source>
        <translation>instyle</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>&amp;Open photo…</source>
        <translation>Foto ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Zoom to &amp;fit</source>
        <translation>&amp;Einpassen</translation>
    </message>
    <message>
        <source>&amp;Actual size (100 %)</source>
        <translation>&amp;Originalgröße (100 %)</translation>
    </message>
    <message>
        <source>F&amp;ull screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Models…</source>
        <translation>Modelle…</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Open a photo (Ctrl+O) or drop one here.

Then pick a painting on the right and press Run.</source>
        <translation>Öffnen Sie ein Foto (Strg+O) oder ziehen Sie es hierher.

Wählen Sie dann rechts ein Gemälde und klicken Sie auf „Starten“.</translation>
    </message>
    <message>
        <source>Photo | result</source>
        <translation>Foto | Ergebnis</translation>
    </message>
    <message>
        <source>Laplacian: photo | result</source>
        <translation>Laplace: Foto | Ergebnis</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>Instanzen</translation>
    </message>
    <message>
        <source>Show the detected instances over the image</source>
        <translation>Erkannte Instanzen über dem Bild anzeigen</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>Before/after split (drag the line on the image, too)</source>
        <translation>Vorher/Nachher-Teilung (die Linie im Bild lässt sich auch ziehen)</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Painting</source>
        <translation>Gemälde</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <source>Loss curves</source>
        <translation>Verlustkurven</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>&amp;Modelle…</translation>
    </message>
    <message>
        <source>&amp;About instyle</source>
        <translation>Ü&amp;ber instyle</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>%1: the image is too large (%2×%3 pixels; the limit is %4 million, set INSTYLE_MAX_PIXELS to raise it)</source>
        <translation>%1: Das Bild ist zu groß (%2×%3 Pixel; die Grenze liegt bei %4 Millionen, mit INSTYLE_MAX_PIXELS lässt sie sich anheben)</translation>
    </message>
    <message>
        <source>%1: cannot open the photo (%2)</source>
        <translation>%1: Das Foto kann nicht geöffnet werden (%2)</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 — instyle</source>
        <translation>%1 — instyle</translation>
    </message>
    <message>
        <source>Opened %1 (%2×%3)</source>
        <translation>%1 geöffnet (%2×%3)</translation>
    </message>
    <message>
        <source>Open photo</source>
        <translation>Foto öffnen</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</translation>
    </message>
    <message>
        <source>&lt;b&gt;No pretrained VGG19 weights found&lt;/b&gt; (%1).&lt;br&gt;instyle can still run with randomly initialised VGG19 weights: the optimisation works and the loss falls, but the result will not take on the painting&apos;s style. Install the file to get real results.</source>
        <translation>&lt;b&gt;Keine vortrainierten VGG19-Gewichte gefunden&lt;/b&gt; (%1).&lt;br&gt;instyle läuft trotzdem mit zufällig initialisierten VGG19-Gewichten: Die Optimierung arbeitet und der Verlust sinkt, aber das Ergebnis übernimmt nicht den Stil des Gemäldes. Installieren Sie die Datei für echte Ergebnisse.</translation>
    </message>
    <message>
        <source>About instyle</source>
        <translation>Über instyle</translation>
    </message>
    <message>
        <source>&lt;h3&gt;instyle %1&lt;/h3&gt;&lt;p&gt;Depth-aware and Laplacian-steered instance style transfer (L. Zhao, J. Zhang).&lt;/p&gt;&lt;p&gt;Open a photo, pick a painting, tune the weights while the optimisation runs, export the result.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;instyle %1&lt;/h3&gt;&lt;p&gt;Tiefenbewusste, Laplace-gesteuerte Stilübertragung auf Instanzen (L. Zhao, J. Zhang).&lt;/p&gt;&lt;p&gt;Foto öffnen, Gemälde wählen, Gewichte während der Optimierung anpassen, Ergebnis exportieren.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Depth: photo | result</source>
        <translation>Tiefe: Foto | Ergebnis</translation>
    </message>
    <message>
        <source>Depth map (no MiDaS model installed)</source>
        <translation>Tiefenkarte (kein MiDaS-Modell installiert)</translation>
    </message>
    <message>
        <source>Depth maps failed: %1</source>
        <translation>Tiefenkarten fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Computing depth maps…</source>
        <translation>Tiefenkarten werden berechnet…</translation>
    </message>
    <message>
        <source>Invalid settings were reset to their defaults: %1</source>
        <translation>Ungültige Einstellungen wurden auf ihre Standardwerte zurückgesetzt: %1</translation>
    </message>
    <message>
        <source>Quit instyle?</source>
        <translation>instyle beenden?</translation>
    </message>
    <message>
        <source>A run is paused. Quit anyway? Its result so far is not exported.</source>
        <translation>Ein Lauf ist angehalten. Trotzdem beenden? Sein bisheriges Ergebnis wird nicht exportiert.</translation>
    </message>
    <message>
        <source>A run is going. Quit anyway? It stops, and its result so far is not exported.</source>
        <translation>Ein Lauf ist im Gang. Trotzdem beenden? Er wird abgebrochen, und sein bisheriges Ergebnis wird nicht exportiert.</translation>
    </message>
</context>
<context>
    <name>instyle::ui::ModelDownload</name>
    <message>
        <source>%1 cannot be downloaded: it is trained with instyle-cli train-seg</source>
        <translation>%1 kann nicht heruntergeladen werden: Es wird mit instyle-cli train-seg trainiert</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: Der Ordner kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1: Schreiben nicht möglich (%2)</translation>
    </message>
    <message>
        <source>Downloading %1 from %2 failed: %3</source>
        <translation>Das Herunterladen von %1 von %2 ist fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>The downloaded file failed the SHA-256 check and was deleted: %1</source>
        <translation>Die heruntergeladene Datei hat die SHA-256-Prüfung nicht bestanden und wurde gelöscht: %1</translation>
    </message>
    <message>
        <source>%1: cannot rename to %2</source>
        <translation>%1: Umbenennen in %2 nicht möglich</translation>
    </message>
    <message>
        <source>Downloaded and verified (SHA-256 %1)</source>
        <translation>Heruntergeladen und geprüft (SHA-256 %1)</translation>
    </message>
    <message>
        <source>Downloaded; no published hash to check against (SHA-256 %1)</source>
        <translation>Heruntergeladen; kein veröffentlichter Hash zum Vergleich (SHA-256 %1)</translation>
    </message>
</context>
<context>
    <name>instyle::ui::ModelsDialog</name>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Zweck</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Fehlt</translation>
    </message>
    <message>
        <source>Found: %1 (%2)</source>
        <translation>Gefunden: %1 (%2)</translation>
    </message>
    <message>
        <source>Locate file…</source>
        <translation>Datei suchen…</translation>
    </message>
    <message>
        <source>Locate %1</source>
        <translation>%1 suchen</translation>
    </message>
    <message>
        <source>Model files (*.pth *.pt);;All files (*)</source>
        <translation>Modelldateien (*.pth *.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>instyle uses pretrained networks that are not shipped with it. They are looked for in these folders, in this order; downloads and located files go to the per-user folder (%1):&lt;br&gt;&lt;i&gt;%2&lt;/i&gt;</source>
        <translation>instyle verwendet vortrainierte Netze, die nicht mitgeliefert werden. Sie werden in diesen Ordnern in dieser Reihenfolge gesucht; Downloads und gefundene Dateien kommen in den Benutzerordner (%1):&lt;br&gt;&lt;i&gt;%2&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Checking the SHA-256 of the download…</source>
        <translation>SHA-256 des Downloads wird geprüft…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Download cancelled; the part already received is kept and a new download resumes it.</source>
        <translation>Download abgebrochen; der bereits empfangene Teil bleibt erhalten und ein neuer Download setzt ihn fort.</translation>
    </message>
    <message>
        <source>Checking SHA-256…</source>
        <translation>SHA-256 wird geprüft…</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Not downloadable: trained with instyle-cli train-seg</source>
        <translation>Nicht herunterladbar: wird mit instyle-cli train-seg trainiert</translation>
    </message>
    <message>
        <source>Checking that %1 loads as %2…</source>
        <translation>Es wird geprüft, ob %1 als %2 lädt…</translation>
    </message>
    <message>
        <source>%1 does not load as %2: %3</source>
        <translation>%1 lädt nicht als %2: %3</translation>
    </message>
    <message>
        <source>%1 loads and is already in place</source>
        <translation>%1 lädt und liegt bereits am richtigen Ort</translation>
    </message>
    <message>
        <source>%1 loads; linked (hard link) as %2</source>
        <translation>%1 lädt; verknüpft (harter Link) als %2</translation>
    </message>
    <message>
        <source>%1 loads; copied to %2</source>
        <translation>%1 lädt; kopiert nach %2</translation>
    </message>
    <message>
        <source>%1: cannot link or copy to %2 (%3)</source>
        <translation>%1: Verknüpfen oder Kopieren nach %2 nicht möglich (%3)</translation>
    </message>
    <message>
        <source>Downloading %1 from %2…</source>
        <translation>%1 wird von %2 heruntergeladen…</translation>
    </message>
    <message>
        <source>Downloading %1 of %2: %3…</source>
        <translation>Download %1 von %2: %3…</translation>
    </message>
    <message numerus="yes">
        <source>Downloaded and verified: %n model(s).</source>
        <translation>
            <numerusform>Heruntergeladen und geprüft: %n Modell.</numerusform>
            <numerusform>Heruntergeladen und geprüft: %n Modelle.</numerusform>
        </translation>
    </message>
    <message>
        <source>Downloads cancelled; the part already received is kept and “Get all models” resumes it.</source>
        <translation>Downloads abgebrochen; der bereits empfangene Teil bleibt erhalten und „Alle Modelle herunterladen“ setzt ihn fort.</translation>
    </message>
    <message>
        <source>Downloads those of %1 that are missing, one after the other</source>
        <translation>Lädt die fehlenden Modelle aus %1 nacheinander herunter</translation>
    </message>
    <message>
        <source>Get all models (%1)</source>
        <translation>Alle Modelle herunterladen (%1)</translation>
    </message>
</context>
<context>
    <name>instyle::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Automatic (CUDA when available)</source>
        <translation>Automatisch (CUDA, wenn verfügbar)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>All cores (%1)</source>
        <translation>Alle Kerne (%1)</translation>
    </message>
    <message>
        <source>CPU &amp;threads:</source>
        <translation>CPU-&amp;Threads:</translation>
    </message>
    <message>
        <source>&amp;Preview:</source>
        <translation>&amp;Vorschau:</translation>
    </message>
    <message>
        <source>(default folders)</source>
        <translation>(Standardordner)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Models folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>&amp;Models folder:</source>
        <translation>&amp;Modellordner:</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>A new language takes effect the next time instyle starts.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von instyle.</translation>
    </message>
    <message>
        <source>FCN-ResNet50 (official torchvision weights)</source>
        <translation>FCN-ResNet50 (offizielle torchvision-Gewichte)</translation>
    </message>
    <message>
        <source>FCN-8s ResNet-34 (the paper&apos;s, trained with instyle-cli train-seg)</source>
        <translation>FCN-8s ResNet-34 (das des Papers, trainiert mit instyle-cli train-seg)</translation>
    </message>
    <message>
        <source>The network that finds the instances you click on</source>
        <translation>Das Netz, das die Instanzen findet, die Sie anklicken</translation>
    </message>
    <message>
        <source>&amp;Segmenter:</source>
        <translation>&amp;Segmentierer:</translation>
    </message>
    <message>
        <source>%1: not a folder; the models folder was not changed</source>
        <translation>%1: kein Ordner; der Modellordner wurde nicht geändert</translation>
    </message>
    <message>
        <source>Automatic (the fastest measured on this CPU)</source>
        <translation>Automatisch (das auf diesem Prozessor gemessene Schnellste)</translation>
    </message>
    <message>
        <source>Winograd (CPU)</source>
        <translation>Winograd (CPU)</translation>
    </message>
    <message>
        <source>Direct (LibTorch)</source>
        <translation>Direkt (LibTorch)</translation>
    </message>
    <message>
        <source>How VGG19&apos;s convolutions are computed. Automatic times each way once per image size and remembers the fastest; the status bar&apos;s tooltip shows the choice of the last run.</source>
        <translation>Wie die Faltungen von VGG19 berechnet werden. Automatisch misst jede Variante einmal je Bildgröße und merkt sich die schnellste; der Tooltip der Statusleiste zeigt die Wahl des letzten Laufs.</translation>
    </message>
    <message>
        <source>&amp;Convolutions:</source>
        <translation>&amp;Faltungen:</translation>
    </message>
    <message>
        <source>Automatic (measured)</source>
        <translation>Automatisch (gemessen)</translation>
    </message>
    <message>
        <source>NCHW</source>
        <translation>NCHW</translation>
    </message>
    <message>
        <source>NHWC (channels-last)</source>
        <translation>NHWC (Kanäle zuletzt)</translation>
    </message>
    <message>
        <source>Memory &amp;layout:</source>
        <translation>Speicher&amp;layout:</translation>
    </message>
    <message numerus="yes">
        <source>every %n iteration(s)</source>
        <translation>
            <numerusform>alle %n Iteration</numerusform>
            <numerusform>alle %n Iterationen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>instyle::ui::ProjectController</name>
    <message>
        <source>%1: the painting is missing</source>
        <translation>%1: das Gemälde fehlt</translation>
    </message>
    <message>
        <source>%1: cannot read the painting (%2)</source>
        <translation>%1: das Gemälde kann nicht gelesen werden (%2)</translation>
    </message>
    <message>
        <source>&amp;Export result…</source>
        <translation>Ergebnis &amp;exportieren…</translation>
    </message>
    <message>
        <source>Export &amp;parameters…</source>
        <translation>&amp;Parameter exportieren…</translation>
    </message>
    <message>
        <source>Open pro&amp;ject…</source>
        <translation>Pro&amp;jekt öffnen…</translation>
    </message>
    <message>
        <source>&amp;Save project…</source>
        <translation>Projekt &amp;speichern…</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>%1: cannot export (%2). The result is kept; export it elsewhere.</source>
        <translation>%1: Export nicht möglich (%2). Das Ergebnis bleibt erhalten; exportieren Sie es an einen anderen Ort.</translation>
    </message>
    <message>
        <source>%1: cannot save the project (%2)</source>
        <translation>%1: das Projekt kann nicht gespeichert werden (%2)</translation>
    </message>
    <message>
        <source>Saved project %1</source>
        <translation>Projekt %1 gespeichert</translation>
    </message>
    <message>
        <source>%1: cannot open the project: %2</source>
        <translation>%1: das Projekt kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>Datei nicht vorhanden</translation>
    </message>
    <message>
        <source>not a file</source>
        <translation>keine Datei</translation>
    </message>
    <message>
        <source>the file is too large for a project</source>
        <translation>die Datei ist für ein Projekt zu groß</translation>
    </message>
    <message>
        <source>the photo %1 is missing</source>
        <translation>das Foto %1 fehlt</translation>
    </message>
    <message>
        <source>the photo %1 cannot be read (%2)</source>
        <translation>das Foto %1 kann nicht gelesen werden (%2)</translation>
    </message>
    <message>
        <source>the photo %1 cannot be opened</source>
        <translation>das Foto %1 kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>an instance&apos;s mask does not fit the photo and was left out</source>
        <translation>die Maske einer Instanz passt nicht zum Foto und wurde weggelassen</translation>
    </message>
    <message>
        <source>maskPng: the saved mask does not fit the photo and was left out</source>
        <translation>maskPng: die gespeicherte Maske passt nicht zum Foto und wurde weggelassen</translation>
    </message>
    <message>
        <source>%1 was opened with defaults where it was damaged:&lt;br&gt;%2</source>
        <translation>%1 wurde geöffnet; beschädigte Angaben wurden durch Standardwerte ersetzt:&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>Opened project %1 with problems</source>
        <translation>Projekt %1 mit Problemen geöffnet</translation>
    </message>
    <message>
        <source>Opened project %1</source>
        <translation>Projekt %1 geöffnet</translation>
    </message>
    <message>
        <source>Still exporting %1; export again when it is written.</source>
        <translation>%1 wird noch exportiert; erneut exportieren, wenn die Datei geschrieben ist.</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>%1 wird exportiert…</translation>
    </message>
    <message>
        <source>%1: cannot export the parameters (%2)</source>
        <translation>%1: die Parameter können nicht exportiert werden (%2)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>instyle projects (*.instyle)</source>
        <translation>instyle-Projekte (*.instyle)</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>Projekt speichern</translation>
    </message>
    <message>
        <source>Export result</source>
        <translation>Ergebnis exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;JPEG image (*.jpg *.jpeg);;TIFF image (*.tif *.tiff)</source>
        <translation>PNG-Bild (*.png);;JPEG-Bild (*.jpg *.jpeg);;TIFF-Bild (*.tif *.tiff)</translation>
    </message>
    <message>
        <source>Export parameters</source>
        <translation>Parameter exportieren</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
</context>
<context>
    <name>instyle::ui::RunController</name>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Run the style transfer, or pause/resume it (Space)</source>
        <translation>Stilübertragung starten, anhalten oder fortsetzen (Leertaste)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>Sto&amp;ppen</translation>
    </message>
    <message>
        <source>New weights apply from the next iteration</source>
        <translation>Die neuen Gewichte gelten ab der nächsten Iteration</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Open a photo first.</source>
        <translation>Öffnen Sie zuerst ein Foto.</translation>
    </message>
    <message>
        <source>Pick a painting in the gallery first.</source>
        <translation>Wählen Sie zuerst ein Gemälde in der Galerie.</translation>
    </message>
    <message>
        <source>%1: cannot read the painting (%2)</source>
        <translation>%1: das Gemälde kann nicht gelesen werden (%2)</translation>
    </message>
    <message>
        <source>Select something first: the background is everything except the selection.</source>
        <translation>Wählen Sie zuerst etwas aus: Der Hintergrund ist alles außer der Auswahl.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starte…</translation>
    </message>
    <message>
        <source>Running %1 iterations at %2 px</source>
        <translation>%1 Iterationen bei %2 px laufen</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird gestoppt…</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Fortgesetzt</translation>
    </message>
    <message>
        <source>New weights in use from iteration %1</source>
        <translation>Neue Gewichte ab Iteration %1 in Verwendung</translation>
    </message>
    <message>
        <source>Iteration %1/%2</source>
        <translation>Iteration %1/%2</translation>
    </message>
    <message>
        <source>%1 s/iteration</source>
        <translation>%1 s/Iteration</translation>
    </message>
    <message>
        <source>Convolutions of the last run: %1</source>
        <translation>Faltungen des letzten Laufs: %1</translation>
    </message>
    <message>
        <source>The run stopped at iteration %1: %2. The last good image is kept.</source>
        <translation>Der Lauf endete bei Iteration %1: %2. Das letzte gültige Bild bleibt erhalten.</translation>
    </message>
    <message>
        <source>Stopped on a numeric fault</source>
        <translation>Wegen eines numerischen Fehlers gestoppt</translation>
    </message>
    <message>
        <source>Stopped after %1 iterations</source>
        <translation>Nach %1 Iterationen gestoppt</translation>
    </message>
    <message>
        <source>Done: %1 iterations in %2</source>
        <translation>Fertig: %1 Iterationen in %2</translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>Der Lauf ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Run failed</source>
        <translation>Lauf fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>instyle::ui::SamPanel</name>
    <message>
        <source>Objects (FCN)</source>
        <translation>Objekte (FCN)</translation>
    </message>
    <message>
        <source>Select the instances the segmenter found (people, animals, vehicles, …) by clicking them</source>
        <translation>Die vom Segmentierer gefundenen Instanzen (Personen, Tiere, Fahrzeuge, …) per Klick auswählen</translation>
    </message>
    <message>
        <source>Anything (MobileSAM)</source>
        <translation>Beliebige Objekte (MobileSAM)</translation>
    </message>
    <message>
        <source>Select any object: click it, Alt+click what does not belong to it, or drag a box around it; Enter adds it to the selection</source>
        <translation>Ein beliebiges Objekt auswählen: anklicken, Alt+Klick auf das, was nicht dazugehört, oder einen Rahmen darum ziehen; die Eingabetaste fügt es der Auswahl hinzu</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Make the mask an instance of the selection, with its own painting and weights (Enter)</source>
        <translation>Die Maske als Instanz in die Auswahl übernehmen, mit eigenem Gemälde und eigenen Gewichten (Eingabetaste)</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Drop the points and the box (Esc)</source>
        <translation>Punkte und Rahmen verwerfen (Esc)</translation>
    </message>
    <message>
        <source>&lt;i&gt;Preparing MobileSAM selection…&lt;/i&gt; You can click already.</source>
        <translation>&lt;i&gt;MobileSAM-Auswahl wird vorbereitet…&lt;/i&gt; Sie können schon klicken.</translation>
    </message>
    <message>
        <source>Preparing MobileSAM selection…</source>
        <translation>MobileSAM-Auswahl wird vorbereitet…</translation>
    </message>
    <message>
        <source>Click an object to select it, Alt+click (or right-click) what does not belong to it, or drag a box around it. &lt;b&gt;Enter&lt;/b&gt; or &lt;b&gt;Add&lt;/b&gt; makes the mask an instance; &lt;b&gt;Esc&lt;/b&gt; discards the prompts.</source>
        <translation>Klicken Sie ein Objekt an, um es auszuwählen, Alt+Klick (oder Rechtsklick) auf das, was nicht dazugehört, oder ziehen Sie einen Rahmen darum. Die &lt;b&gt;Eingabetaste&lt;/b&gt; oder &lt;b&gt;Hinzufügen&lt;/b&gt; macht die Maske zu einer Instanz; &lt;b&gt;Esc&lt;/b&gt; verwirft die Eingaben.</translation>
    </message>
    <message>
        <source>MobileSAM selection ready (the photo&apos;s embedding came from the cache)</source>
        <translation>MobileSAM-Auswahl bereit (die Einbettung des Fotos kam aus dem Cache)</translation>
    </message>
    <message>
        <source>MobileSAM selection ready (photo encoded in %1 s)</source>
        <translation>MobileSAM-Auswahl bereit (Foto in %1 s kodiert)</translation>
    </message>
    <message>
        <source>MobileSAM: %1</source>
        <translation>MobileSAM: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;MobileSAM failed&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;MobileSAM ist fehlgeschlagen&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>MobileSAM failed: %1</source>
        <translation>MobileSAM ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Mask of %1 pixels (predicted IoU %2, decoded in %3 s)</source>
        <translation>Maske mit %1 Pixeln (vorhergesagte IoU %2, dekodiert in %3 s)</translation>
    </message>
    <message>
        <source>Open a photo, then click any object in it to select it.</source>
        <translation>Öffnen Sie ein Foto und klicken Sie dann ein beliebiges Objekt darin an, um es auszuwählen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;MobileSAM is not installed&lt;/b&gt; (%1). See Help ▸ Models…, or switch back to &lt;i&gt;Objects (FCN)&lt;/i&gt;.</source>
        <translation>&lt;b&gt;MobileSAM ist nicht installiert&lt;/b&gt; (%1). Siehe Hilfe ▸ Modelle…, oder wechseln Sie zurück zu &lt;i&gt;Objekte (FCN)&lt;/i&gt;.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The Anything selection needs MobileSAM&lt;/b&gt; (%1, %2), which is not installed. Get it with &lt;i&gt;Models…&lt;/i&gt;, or &lt;code&gt;instyle-cli models download %3&lt;/code&gt;.</source>
        <translation>&lt;b&gt;Die Auswahl „Beliebige Objekte“ braucht MobileSAM&lt;/b&gt; (%1, %2), das nicht installiert ist. Holen Sie es mit &lt;i&gt;Modelle…&lt;/i&gt; oder mit &lt;code&gt;instyle-cli models download %3&lt;/code&gt;.</translation>
    </message>
    <message>
        <source>MobileSAM is not installed</source>
        <translation>MobileSAM ist nicht installiert</translation>
    </message>
    <message>
        <source>The mask is added as soon as it is ready</source>
        <translation>Die Maske wird hinzugefügt, sobald sie fertig ist</translation>
    </message>
    <message>
        <source>The mask is empty: nothing to add</source>
        <translation>Die Maske ist leer: nichts hinzuzufügen</translation>
    </message>
    <message>
        <source>Add object</source>
        <translation>Objekt hinzufügen</translation>
    </message>
    <message>
        <source>Added %1 to the selection</source>
        <translation>%1 zur Auswahl hinzugefügt</translation>
    </message>
    <message>
        <source>Discard prompts</source>
        <translation>Eingaben verwerfen</translation>
    </message>
</context>
<context>
    <name>instyle::ui::SamSession</name>
    <message>
        <source>Include point</source>
        <translation>Einschließender Punkt</translation>
    </message>
    <message>
        <source>Exclude point</source>
        <translation>Ausschließender Punkt</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>Rahmen</translation>
    </message>
</context>
<context>
    <name>instyle::ui::SamWorker</name>
    <message>
        <source>try a smaller photo</source>
        <translation>versuchen Sie ein kleineres Foto</translation>
    </message>
</context>
<context>
    <name>instyle::ui::SelectionPanel</name>
    <message>
        <source>Choose an instance, then pick its painting and move its sliders</source>
        <translation>Wählen Sie eine Instanz, dann ihr Gemälde und ihre Regler</translation>
    </message>
    <message>
        <source>Grow</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Grow the mask by 3 pixels</source>
        <translation>Maske um 3 Pixel vergrößern</translation>
    </message>
    <message>
        <source>Shrink</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Shrink the mask by 3 pixels</source>
        <translation>Maske um 3 Pixel verkleinern</translation>
    </message>
    <message>
        <source>Refine edges (GrabCut)</source>
        <translation>Kanten verfeinern (GrabCut)</translation>
    </message>
    <message>
        <source>Fit the mask&apos;s boundary to the photo&apos;s edges</source>
        <translation>Den Rand der Maske an die Kanten des Fotos anpassen</translation>
    </message>
    <message>
        <source>Clear selection</source>
        <translation>Auswahl aufheben</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <source>Paint the mask on the image: drag to add, Alt+drag to erase (middle button pans)</source>
        <translation>Maske im Bild malen: Ziehen fügt hinzu, Alt+Ziehen radiert (mittlere Maustaste verschiebt)</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Brush radius in photo pixels</source>
        <translation>Pinselradius in Fotopixeln</translation>
    </message>
    <message>
        <source>Refining the mask…</source>
        <translation>Maske wird verfeinert…</translation>
    </message>
    <message>
        <source>Mask refined</source>
        <translation>Maske verfeinert</translation>
    </message>
    <message>
        <source>%1 — click to select, Ctrl+click to add</source>
        <translation>%1 — Klicken zum Auswählen, Strg+Klick zum Hinzufügen</translation>
    </message>
    <message numerus="yes">
        <source>Segmented with %1: %n instance(s)</source>
        <translation>
            <numerusform>Mit %1 segmentiert: %n Instanz</numerusform>
            <numerusform>Mit %1 segmentiert: %n Instanzen</numerusform>
        </translation>
    </message>
    <message>
        <source>A painted mask is selected: the run stylises only inside it.</source>
        <translation>Eine gemalte Maske ist ausgewählt: Der Lauf stilisiert nur innerhalb davon.</translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s) selected. Choose one in the list to give it its own painting and weights.</source>
        <translation>
            <numerusform>%n Instanz ausgewählt. Wählen Sie sie in der Liste, um ihr ein eigenes Gemälde und eigene Gewichte zu geben.</numerusform>
            <numerusform>%n Instanzen ausgewählt. Wählen Sie eine in der Liste, um ihr ein eigenes Gemälde und eigene Gewichte zu geben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s) found. Click one on the image to stylise only it; Ctrl+click adds more. Nothing selected: the whole photo is stylised.</source>
        <translation>
            <numerusform>%n Instanz gefunden. Klicken Sie sie im Bild an, um nur sie zu stilisieren; Strg+Klick fügt weitere hinzu. Ohne Auswahl wird das ganze Foto stilisiert.</numerusform>
            <numerusform>%n Instanzen gefunden. Klicken Sie eine im Bild an, um nur sie zu stilisieren; Strg+Klick fügt weitere hinzu. Ohne Auswahl wird das ganze Foto stilisiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a photo: its instances (people, animals, vehicles, …) can then be selected here to stylise only them.</source>
        <translation>Öffnen Sie ein Foto: Seine Instanzen (Personen, Tiere, Fahrzeuge, …) lassen sich dann hier auswählen, um nur sie zu stilisieren.</translation>
    </message>
    <message>
        <source>Finding instances…</source>
        <translation>Instanzen werden gesucht…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Instance selection is unavailable&lt;/b&gt;&lt;br&gt;No segmentation model is installed (%1; see Help ▸ Models…, or choose the other segmenter in the preferences). A run stylises the whole photo.</source>
        <translation>&lt;b&gt;Instanzauswahl nicht verfügbar&lt;/b&gt;&lt;br&gt;Kein Segmentierungsmodell installiert (%1; siehe Hilfe ▸ Modelle… oder wählen Sie in den Einstellungen den anderen Segmentierer). Ein Lauf stilisiert das ganze Foto.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Segmentation failed&lt;/b&gt;&lt;br&gt;%1&lt;br&gt;A run stylises the whole photo.</source>
        <translation>&lt;b&gt;Segmentierung fehlgeschlagen&lt;/b&gt;&lt;br&gt;%1&lt;br&gt;Ein Lauf stilisiert das ganze Foto.</translation>
    </message>
    <message>
        <source>No instances found: a run stylises the whole photo.</source>
        <translation>Keine Instanzen gefunden: ein Lauf stilisiert das ganze Foto.</translation>
    </message>
    <message>
        <source>painted mask</source>
        <translation>gemalte Maske</translation>
    </message>
    <message>
        <source>object %1</source>
        <translation>Objekt %1</translation>
    </message>
    <message>
        <source>%1 #%2</source>
        <translation>%1 #%2</translation>
    </message>
    <message>
        <source>%1 — %2 px
%3
α %4 β %5 θ %6 γ %7</source>
        <translation>%1 — %2 px
%3
α %4 β %5 θ %6 γ %7</translation>
    </message>
    <message>
        <source>no painting</source>
        <translation>kein Gemälde</translation>
    </message>
    <message>
        <source>The painting and the sliders now edit %1</source>
        <translation>Gemälde und Regler bearbeiten jetzt %1</translation>
    </message>
</context>
<context>
    <name>instyle::ui::StyleGallery</name>
    <message>
        <source>Paintings: click one to use it; drop image files or folders here</source>
        <translation>Gemälde: zum Verwenden anklicken; Bilddateien oder Ordner hierher ziehen</translation>
    </message>
    <message>
        <source>Add paintings…</source>
        <translation>Gemälde hinzufügen…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>No paintings yet.
Drop image files or a folder here, or use “Add paintings…”.</source>
        <translation>Noch keine Gemälde.
Ziehen Sie Bilddateien oder einen Ordner hierher oder verwenden Sie „Gemälde hinzufügen…“.</translation>
    </message>
    <message>
        <source>Add paintings</source>
        <translation>Gemälde hinzufügen</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</translation>
    </message>
    <message>
        <source>Add a folder of paintings</source>
        <translation>Einen Ordner mit Gemälden hinzufügen</translation>
    </message>
    <message>
        <source>Optionally mix in a second painting&apos;s style</source>
        <translation>Optional den Stil eines zweiten Gemäldes beimischen</translation>
    </message>
    <message>
        <source>Share of the second painting in the style</source>
        <translation>Anteil des zweiten Gemäldes am Stil</translation>
    </message>
    <message>
        <source>Mix with:</source>
        <translation>Mischen mit:</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>(no second painting)</source>
        <translation>(kein zweites Gemälde)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Get sample paintings</source>
        <translation>Beispielgemälde herunterladen</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message numerus="yes">
        <source>Added %n sample painting(s) to the gallery.</source>
        <translation>
            <numerusform>%n Beispielgemälde zur Galerie hinzugefügt.</numerusform>
            <numerusform>%n Beispielgemälde zur Galerie hinzugefügt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sample painting(s) could not be added:</source>
        <translation>
            <numerusform>%n Beispielgemälde konnte nicht hinzugefügt werden:</numerusform>
            <numerusform>%n Beispielgemälde konnten nicht hinzugefügt werden:</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled. What was received is kept; “Get sample paintings” resumes it.</source>
        <translation>Abgebrochen. Bereits Empfangenes bleibt erhalten; „Beispielgemälde herunterladen“ setzt es fort.</translation>
    </message>
    <message>
        <source>The sample paintings are in the gallery.</source>
        <translation>Die Beispielgemälde sind in der Galerie.</translation>
    </message>
    <message>
        <source>Get sample paintings (%1)</source>
        <translation>Beispielgemälde herunterladen (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Downloads %n public-domain painting(s) into %1</source>
        <translation>
            <numerusform>Lädt %n gemeinfreies Gemälde nach %1 herunter</numerusform>
            <numerusform>Lädt %n gemeinfreie Gemälde nach %1 herunter</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>instyle::ui::StyleWorker</name>
    <message>
        <source>try a smaller work size</source>
        <translation>versuchen Sie eine kleinere Arbeitsgröße</translation>
    </message>
    <message>
        <source>try a smaller photo</source>
        <translation>versuchen Sie ein kleineres Foto</translation>
    </message>
</context>
<context>
    <name>instyle::ui::VggStatusLabel</name>
    <message>
        <source>VGG19: random weights</source>
        <translation>VGG19: Zufallsgewichte</translation>
    </message>
    <message>
        <source>No VGG19 file found: runs use random weights, and the result does not take on the painting&apos;s style</source>
        <translation>Keine VGG19-Datei gefunden: Läufe verwenden Zufallsgewichte, und das Ergebnis nimmt den Stil des Gemäldes nicht an</translation>
    </message>
    <message>
        <source>VGG19: checking the file…</source>
        <translation>VGG19: Datei wird geprüft…</translation>
    </message>
    <message>
        <source>Comparing the SHA-256 of %1 with the official file&apos;s</source>
        <translation>SHA-256 von %1 wird mit dem der offiziellen Datei verglichen</translation>
    </message>
    <message>
        <source>VGG19: pretrained</source>
        <translation>VGG19: vortrainiert</translation>
    </message>
    <message>
        <source>%1: the official pretrained weights (SHA-256 checked)</source>
        <translation>%1: die offiziellen vortrainierten Gewichte (SHA-256 geprüft)</translation>
    </message>
    <message>
        <source>VGG19: unreadable file</source>
        <translation>VGG19: Datei nicht lesbar</translation>
    </message>
    <message>
        <source>VGG19: unverified file</source>
        <translation>VGG19: nicht verifizierte Datei</translation>
    </message>
</context>
<context>
    <name>instyle::ui::WeightsPanel</name>
    <message>
        <source>Paper</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>Paper-exact</source>
        <translation>Paper-exakt</translation>
    </message>
    <message>
        <source>Soft</source>
        <translation>Sanft</translation>
    </message>
    <message>
        <source>Strong style</source>
        <translation>Starker Stil</translation>
    </message>
    <message>
        <source>Apply a preset</source>
        <translation>Eine Voreinstellung anwenden</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Save the current settings as a named preset</source>
        <translation>Die aktuellen Einstellungen als benannte Voreinstellung speichern</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the selected user preset</source>
        <translation>Die gewählte eigene Voreinstellung löschen</translation>
    </message>
    <message>
        <source>Loss weights</source>
        <translation>Verlustgewichte</translation>
    </message>
    <message>
        <source>content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>style</source>
        <translation>Stil</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>Tiefe</translation>
    </message>
    <message>
        <source>Laplacian</source>
        <translation>Laplace</translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation>Optimierung</translation>
    </message>
    <message>
        <source>&amp;Iterations:</source>
        <translation>&amp;Iterationen:</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Long side of the image the optimisation works on</source>
        <translation>Lange Seite des Bildes, auf dem die Optimierung arbeitet</translation>
    </message>
    <message>
        <source>&amp;Work size:</source>
        <translation>&amp;Arbeitsgröße:</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>L-BFGS</source>
        <translation>L-BFGS</translation>
    </message>
    <message>
        <source>&amp;Optimiser:</source>
        <translation>&amp;Optimierer:</translation>
    </message>
    <message>
        <source>Softness of the selection&apos;s edge when the result is merged into the photo</source>
        <translation>Weichheit des Auswahlrands, wenn das Ergebnis ins Foto eingefügt wird</translation>
    </message>
    <message>
        <source>&amp;Feather:</source>
        <translation>&amp;Weiche Kante:</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>Voreinstellung speichern</translation>
    </message>
    <message>
        <source>Preset name:</source>
        <translation>Name der Voreinstellung:</translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation>Voreinstellungen…</translation>
    </message>
    <message>
        <source>depth — inactive: no MiDaS model installed</source>
        <translation>Tiefe — inaktiv: kein MiDaS-Modell installiert</translation>
    </message>
    <message>
        <source>Hard edge (the paper)</source>
        <translation>Harte Kante (das Paper)</translation>
    </message>
    <message>
        <source>Feather</source>
        <translation>Weiche Kante</translation>
    </message>
    <message>
        <source>Guided (edge-aware)</source>
        <translation>Geführt (kantenbewusst)</translation>
    </message>
    <message>
        <source>Poisson (seamless)</source>
        <translation>Poisson (nahtlos)</translation>
    </message>
    <message>
        <source>How the stylised region is blended back into the photo</source>
        <translation>Wie der stilisierte Bereich ins Foto zurückgeblendet wird</translation>
    </message>
    <message>
        <source>&amp;Blend:</source>
        <translation>&amp;Überblendung:</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Context around each instance&apos;s box that is stylised with it, per side</source>
        <translation>Umgebung um den Rahmen jeder Instanz, die mit stilisiert wird, je Seite</translation>
    </message>
    <message>
        <source>&amp;Margin:</source>
        <translation>&amp;Rand:</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Luminance only</source>
        <translation>Nur Helligkeit</translation>
    </message>
    <message>
        <source>Histogram matching</source>
        <translation>Histogrammangleichung</translation>
    </message>
    <message>
        <source>Keep the photo&apos;s colours and take only the painting&apos;s texture</source>
        <translation>Die Farben des Fotos behalten und nur die Textur des Gemäldes übernehmen</translation>
    </message>
    <message>
        <source>&amp;Colours:</source>
        <translation>&amp;Farben:</translation>
    </message>
    <message>
        <source>Stylise the &amp;background</source>
        <translation>&amp;Hintergrund stilisieren</translation>
    </message>
    <message>
        <source>Stylise everything except the selection</source>
        <translation>Alles außer der Auswahl stilisieren</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source> scales</source>
        <translation> Stufen</translation>
    </message>
    <message>
        <source>Coarse to &amp;fine:</source>
        <translation>Grob nach &amp;fein:</translation>
    </message>
    <message>
        <source>Coarse to fine: most iterations run at a quarter and half of the work size, each scale starting from the previous one — several times faster (scales under 64 px are left out)</source>
        <translation>Grob nach fein: die meisten Iterationen laufen bei einem Viertel und der Hälfte der Arbeitsgröße, jede Stufe beginnt mit dem Ergebnis der vorigen — um ein Mehrfaches schneller (Stufen unter 64 px entfallen)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Depth-aware and Laplacian-steered instance style transfer</source>
        <translation>Tiefenbewusste, Laplace-gesteuerte Stilübertragung auf Instanzen</translation>
    </message>
    <message>
        <source>The photo to open.</source>
        <translation>Das zu öffnende Foto.</translation>
    </message>
</context>
</TS>
