<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EtaSmoother</name>
    <message>
        <source>less than a minute left</source>
        <translation>剩余不到一分钟</translation>
    </message>
    <message numerus="yes">
        <source>about %n min left</source>
        <translation>
            <numerusform>大约还剩 %n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n h left</source>
        <translation>
            <numerusform>大约还剩 %n 小时</numerusform>
        </translation>
    </message>
    <message>
        <source>about %1 h %2 min left</source>
        <translation>大约还剩 %1 小时 %2 分钟</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1: not an object; the default weights are used</source>
        <translation>%1：不是对象；使用默认权重</translation>
    </message>
    <message>
        <source>%1: invalid value %2, using %3</source>
        <translation>%1：无效值 %2，改用 %3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1style: the window blends two paintings; the first two are used</source>
        <translation>%1style：窗口最多混合两幅画作；使用前两幅</translation>
    </message>
    <message>
        <source>%1mask: not a readable mask image; left out</source>
        <translation>%1mask：不是可读取的蒙版图像；已忽略</translation>
    </message>
    <message>
        <source>%1rect: not X,Y,W,H; left out</source>
        <translation>%1rect：不是 X,Y,W,H 格式；已忽略</translation>
    </message>
    <message>
        <source>%1: --point and --class are chosen again by a click in the window; left out</source>
        <translation>%1：--point 和 --class 需在窗口中重新单击选择；已忽略</translation>
    </message>
    <message>
        <source>maskPng: not a PNG image; the saved mask was left out</source>
        <translation>maskPng：不是 PNG 图像；已忽略保存的蒙版</translation>
    </message>
    <message>
        <source>instances: not a list; no instance is selected</source>
        <translation>instances：不是列表；未选择任何实例</translation>
    </message>
    <message>
        <source>%1: not an object; left out</source>
        <translation>%1：不是对象；已忽略</translation>
    </message>
    <message>
        <source>not valid JSON (%1 at byte %2)</source>
        <translation>不是有效的 JSON（第 %2 字节处：%1）</translation>
    </message>
    <message>
        <source>not an instyle project or job file (not a JSON object)</source>
        <translation>不是 instyle 项目或任务文件（不是 JSON 对象）</translation>
    </message>
    <message>
        <source>not an instyle project or job file (no &quot;content&quot; photo)</source>
        <translation>不是 instyle 项目或任务文件（缺少 &quot;content&quot; 照片）</translation>
    </message>
    <message>
        <source>it names no photo</source>
        <translation>其中未指定照片</translation>
    </message>
</context>
<context>
    <name>SamplePaintings</name>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2，%3</translation>
    </message>
    <message>
        <source>Public domain. Source: %1</source>
        <translation>公有领域。来源：%1</translation>
    </message>
    <message>
        <source>not JSON (%1 at offset %2)</source>
        <translation>不是 JSON（偏移量 %2 处：%1）</translation>
    </message>
    <message>
        <source>no &quot;paintings&quot; list</source>
        <translation>缺少 &quot;paintings&quot; 列表</translation>
    </message>
    <message>
        <source>painting %1 (%2)</source>
        <translation>画作 %1（%2）</translation>
    </message>
    <message>
        <source>no id</source>
        <translation>无 ID</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is missing or invalid</source>
        <translation>%1：&quot;%2&quot; 缺失或无效</translation>
    </message>
    <message>
        <source>%1: the file name %2 is used twice</source>
        <translation>%1：文件名 %2 出现了两次</translation>
    </message>
    <message>
        <source>%1 cannot be decoded (%2)</source>
        <translation>%1 无法解码（%2）</translation>
    </message>
    <message>
        <source>%1 is %2×%3 pixels, expected %4×%5</source>
        <translation>%1 为 %2×%3 像素，应为 %4×%5</translation>
    </message>
</context>
<context>
    <name>instyle::ui::HashVerdicts</name>
    <message>
        <source>Verified (SHA-256 matches)</source>
        <translation>已校验（SHA-256 一致）</translation>
    </message>
    <message>
        <source>SHA-256 mismatch: %1</source>
        <translation>SHA-256 不一致：%1</translation>
    </message>
    <message>
        <source>Not verified: no published hash</source>
        <translation>未校验：没有公开的哈希</translation>
    </message>
    <message>
        <source>Cannot check: %1</source>
        <translation>无法校验：%1</translation>
    </message>
</context>
<context>
    <name>instyle::ui::ImageExport</name>
    <message>
        <source>no image</source>
        <translation>没有图像</translation>
    </message>
</context>
<context>
    <name>instyle::ui::InstanceSelection</name>
    <message>
        <source>Clear selection</source>
        <translation>清除选择</translation>
    </message>
    <message>
        <source>Select %1</source>
        <translation>选择 %1</translation>
    </message>
    <message>
        <source>Grow mask</source>
        <translation>扩大蒙版</translation>
    </message>
    <message>
        <source>Shrink mask</source>
        <translation>缩小蒙版</translation>
    </message>
    <message>
        <source>Refine with GrabCut</source>
        <translation>用 GrabCut 细化</translation>
    </message>
    <message>
        <source>Brush: add</source>
        <translation>画笔：添加</translation>
    </message>
    <message>
        <source>Brush: erase</source>
        <translation>画笔：擦除</translation>
    </message>
    <message>
        <source>object</source>
        <translation>物体</translation>
    </message>
    <message>
        <source>Add object</source>
        <translation>添加物体</translation>
    </message>
</context>
<context>
    <name>instyle::ui::LogWeightControl</name>
    <message>
        <source>Logarithmic: 10⁻² … 10¹⁰. Dragging multiplies by 10 every %1 px; a click beside the handle or Page Up/Down by 10, an arrow key by 1.26</source>
        <translation>对数刻度：10⁻² … 10¹⁰。拖动每 %1 像素乘以 10；在滑块旁单击或按 Page Up/Down 乘以 10，方向键乘以 1.26</translation>
    </message>
</context>
<context>
    <name>instyle::ui::LossChart</name>
    <message>
        <source>Loss (weighted terms)</source>
        <translation>损失（加权项）</translation>
    </message>
    <message>
        <source>content α·Lc</source>
        <translation>内容 α·Lc</translation>
    </message>
    <message>
        <source>style β·Ls</source>
        <translation>风格 β·Ls</translation>
    </message>
    <message>
        <source>depth θ·Ld</source>
        <translation>深度 θ·Ld</translation>
    </message>
    <message>
        <source>Laplacian γ·Llap</source>
        <translation>拉普拉斯 γ·Llap</translation>
    </message>
    <message>
        <source>total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代</translation>
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
        <translation>就绪</translation>
    </message>
    <message>
        <source>&amp;Open photo…</source>
        <translation>打开照片(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Zoom to &amp;fit</source>
        <translation>适合窗口(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual size (100 %)</source>
        <translation>实际大小 (100 %)(&amp;A)</translation>
    </message>
    <message>
        <source>F&amp;ull screen</source>
        <translation>全屏(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Models…</source>
        <translation>模型…</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭提示</translation>
    </message>
    <message>
        <source>Open a photo (Ctrl+O) or drop one here.

Then pick a painting on the right and press Run.</source>
        <translation>打开一张照片（Ctrl+O）或将其拖放到此处。

然后在右侧选择一幅画作并点击“运行”。</translation>
    </message>
    <message>
        <source>Photo | result</source>
        <translation>照片 | 结果</translation>
    </message>
    <message>
        <source>Laplacian: photo | result</source>
        <translation>拉普拉斯：照片 | 结果</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Show the detected instances over the image</source>
        <translation>在图像上显示检测到的实例</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>Before/after split (drag the line on the image, too)</source>
        <translation>前后对比分割（也可以拖动图像上的分割线）</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适合</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Painting</source>
        <translation>画作</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Loss curves</source>
        <translation>损失曲线</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;About instyle</source>
        <translation>关于 instyle(&amp;A)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1: the image is too large (%2×%3 pixels; the limit is %4 million, set INSTYLE_MAX_PIXELS to raise it)</source>
        <translation>%1：图像太大（%2×%3 像素；上限为 %4 百万像素，可用 INSTYLE_MAX_PIXELS 提高）</translation>
    </message>
    <message>
        <source>%1: cannot open the photo (%2)</source>
        <translation>%1：无法打开照片（%2）</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>%1 — instyle</source>
        <translation>%1 — instyle</translation>
    </message>
    <message>
        <source>Opened %1 (%2×%3)</source>
        <translation>已打开 %1（%2×%3）</translation>
    </message>
    <message>
        <source>Open photo</source>
        <translation>打开照片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</translation>
    </message>
    <message>
        <source>&lt;b&gt;No pretrained VGG19 weights found&lt;/b&gt; (%1).&lt;br&gt;instyle can still run with randomly initialised VGG19 weights: the optimisation works and the loss falls, but the result will not take on the painting&apos;s style. Install the file to get real results.</source>
        <translation>&lt;b&gt;未找到预训练的 VGG19 权重&lt;/b&gt;（%1）。&lt;br&gt;instyle 仍可使用随机初始化的 VGG19 权重运行：优化会进行，损失会下降，但结果不会呈现画作的风格。请安装该文件以获得真实效果。</translation>
    </message>
    <message>
        <source>About instyle</source>
        <translation>关于 instyle</translation>
    </message>
    <message>
        <source>&lt;h3&gt;instyle %1&lt;/h3&gt;&lt;p&gt;Depth-aware and Laplacian-steered instance style transfer (L. Zhao, J. Zhang).&lt;/p&gt;&lt;p&gt;Open a photo, pick a painting, tune the weights while the optimisation runs, export the result.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;instyle %1&lt;/h3&gt;&lt;p&gt;深度感知与拉普拉斯引导的实例风格迁移（L. Zhao, J. Zhang）。&lt;/p&gt;&lt;p&gt;打开照片，选择画作，在优化运行时调整权重，然后导出结果。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Depth: photo | result</source>
        <translation>深度：照片 | 结果</translation>
    </message>
    <message>
        <source>Depth map (no MiDaS model installed)</source>
        <translation>深度图（未安装 MiDaS 模型）</translation>
    </message>
    <message>
        <source>Depth maps failed: %1</source>
        <translation>深度图计算失败：%1</translation>
    </message>
    <message>
        <source>Computing depth maps…</source>
        <translation>正在计算深度图…</translation>
    </message>
    <message>
        <source>Invalid settings were reset to their defaults: %1</source>
        <translation>无效的设置已重置为默认值：%1</translation>
    </message>
    <message>
        <source>Quit instyle?</source>
        <translation>退出 instyle？</translation>
    </message>
    <message>
        <source>A run is paused. Quit anyway? Its result so far is not exported.</source>
        <translation>有一次运行已暂停。仍要退出吗？它目前的结果不会被导出。</translation>
    </message>
    <message>
        <source>A run is going. Quit anyway? It stops, and its result so far is not exported.</source>
        <translation>有一次运行正在进行。仍要退出吗？它会停止，目前的结果不会被导出。</translation>
    </message>
</context>
<context>
    <name>instyle::ui::ModelDownload</name>
    <message>
        <source>%1 cannot be downloaded: it is trained with instyle-cli train-seg</source>
        <translation>%1 无法下载：它需用 instyle-cli train-seg 训练</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1：无法创建文件夹</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1：无法写入（%2）</translation>
    </message>
    <message>
        <source>Downloading %1 from %2 failed: %3</source>
        <translation>从 %2 下载 %1 失败：%3</translation>
    </message>
    <message>
        <source>The downloaded file failed the SHA-256 check and was deleted: %1</source>
        <translation>下载的文件未通过 SHA-256 校验，已删除：%1</translation>
    </message>
    <message>
        <source>%1: cannot rename to %2</source>
        <translation>%1：无法重命名为 %2</translation>
    </message>
    <message>
        <source>Downloaded and verified (SHA-256 %1)</source>
        <translation>已下载并校验（SHA-256 %1）</translation>
    </message>
    <message>
        <source>Downloaded; no published hash to check against (SHA-256 %1)</source>
        <translation>已下载；没有可对照的公开哈希（SHA-256 %1）</translation>
    </message>
</context>
<context>
    <name>instyle::ui::ModelsDialog</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Found: %1 (%2)</source>
        <translation>已找到：%1（%2）</translation>
    </message>
    <message>
        <source>Locate file…</source>
        <translation>定位文件…</translation>
    </message>
    <message>
        <source>Locate %1</source>
        <translation>定位 %1</translation>
    </message>
    <message>
        <source>Model files (*.pth *.pt);;All files (*)</source>
        <translation>模型文件 (*.pth *.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>instyle uses pretrained networks that are not shipped with it. They are looked for in these folders, in this order; downloads and located files go to the per-user folder (%1):&lt;br&gt;&lt;i&gt;%2&lt;/i&gt;</source>
        <translation>instyle 使用未随附的预训练网络。程序按以下顺序在这些文件夹中查找；下载和定位的文件放入用户文件夹（%1）：&lt;br&gt;&lt;i&gt;%2&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Checking the SHA-256 of the download…</source>
        <translation>正在校验下载文件的 SHA-256…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Download cancelled; the part already received is kept and a new download resumes it.</source>
        <translation>下载已取消；已接收的部分会保留，重新下载时将继续。</translation>
    </message>
    <message>
        <source>Checking SHA-256…</source>
        <translation>正在校验 SHA-256…</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Not downloadable: trained with instyle-cli train-seg</source>
        <translation>不可下载：需用 instyle-cli train-seg 训练</translation>
    </message>
    <message>
        <source>Checking that %1 loads as %2…</source>
        <translation>正在检查 %1 能否作为 %2 加载…</translation>
    </message>
    <message>
        <source>%1 does not load as %2: %3</source>
        <translation>%1 无法作为 %2 加载：%3</translation>
    </message>
    <message>
        <source>%1 loads and is already in place</source>
        <translation>%1 可以加载，且已在正确位置</translation>
    </message>
    <message>
        <source>%1 loads; linked (hard link) as %2</source>
        <translation>%1 可以加载；已硬链接为 %2</translation>
    </message>
    <message>
        <source>%1 loads; copied to %2</source>
        <translation>%1 可以加载；已复制到 %2</translation>
    </message>
    <message>
        <source>%1: cannot link or copy to %2 (%3)</source>
        <translation>%1：无法链接或复制到 %2（%3）</translation>
    </message>
    <message>
        <source>Downloading %1 from %2…</source>
        <translation>正在从 %2 下载 %1…</translation>
    </message>
    <message>
        <source>Downloading %1 of %2: %3…</source>
        <translation>正在下载第 %1 个（共 %2 个）：%3…</translation>
    </message>
    <message numerus="yes">
        <source>Downloaded and verified: %n model(s).</source>
        <translation>
            <numerusform>已下载并校验：%n 个模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>Downloads cancelled; the part already received is kept and “Get all models” resumes it.</source>
        <translation>下载已取消；已接收的部分会保留，“获取全部模型”将继续下载。</translation>
    </message>
    <message>
        <source>Downloads those of %1 that are missing, one after the other</source>
        <translation>依次下载 %1 中缺失的模型</translation>
    </message>
    <message>
        <source>Get all models (%1)</source>
        <translation>获取全部模型（%1）</translation>
    </message>
</context>
<context>
    <name>instyle::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Automatic (CUDA when available)</source>
        <translation>自动（可用时使用 CUDA）</translation>
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
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>All cores (%1)</source>
        <translation>所有核心（%1）</translation>
    </message>
    <message>
        <source>CPU &amp;threads:</source>
        <translation>CPU 线程(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Preview:</source>
        <translation>预览(&amp;P)：</translation>
    </message>
    <message>
        <source>(default folders)</source>
        <translation>（默认文件夹）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>&amp;Models folder:</source>
        <translation>模型文件夹(&amp;M)：</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language takes effect the next time instyle starts.</source>
        <translation>新语言将在下次启动 instyle 时生效。</translation>
    </message>
    <message>
        <source>FCN-ResNet50 (official torchvision weights)</source>
        <translation>FCN-ResNet50（torchvision 官方权重）</translation>
    </message>
    <message>
        <source>FCN-8s ResNet-34 (the paper&apos;s, trained with instyle-cli train-seg)</source>
        <translation>FCN-8s ResNet-34（论文所用，用 instyle-cli train-seg 训练）</translation>
    </message>
    <message>
        <source>The network that finds the instances you click on</source>
        <translation>用于找出您点击的实例的网络</translation>
    </message>
    <message>
        <source>&amp;Segmenter:</source>
        <translation>分割器(&amp;S)：</translation>
    </message>
    <message>
        <source>%1: not a folder; the models folder was not changed</source>
        <translation>%1：不是文件夹；模型文件夹未更改</translation>
    </message>
    <message>
        <source>Automatic (the fastest measured on this CPU)</source>
        <translation>自动（在此 CPU 上实测最快的方式）</translation>
    </message>
    <message>
        <source>Winograd (CPU)</source>
        <translation>Winograd（CPU）</translation>
    </message>
    <message>
        <source>Direct (LibTorch)</source>
        <translation>直接卷积（LibTorch）</translation>
    </message>
    <message>
        <source>How VGG19&apos;s convolutions are computed. Automatic times each way once per image size and remembers the fastest; the status bar&apos;s tooltip shows the choice of the last run.</source>
        <translation>VGG19 卷积的计算方式。“自动”会针对每种图像尺寸把每种方式各计时一次并记住最快的；状态栏的提示显示上一次运行的选择。</translation>
    </message>
    <message>
        <source>&amp;Convolutions:</source>
        <translation>卷积(&amp;C)：</translation>
    </message>
    <message>
        <source>Automatic (measured)</source>
        <translation>自动（实测）</translation>
    </message>
    <message>
        <source>NCHW</source>
        <translation>NCHW</translation>
    </message>
    <message>
        <source>NHWC (channels-last)</source>
        <translation>NHWC（通道在后）</translation>
    </message>
    <message>
        <source>Memory &amp;layout:</source>
        <translation>内存布局(&amp;L)：</translation>
    </message>
    <message numerus="yes">
        <source>every %n iteration(s)</source>
        <translation>
            <numerusform>每 %n 次迭代</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>instyle::ui::ProjectController</name>
    <message>
        <source>%1: the painting is missing</source>
        <translation>%1：画作文件缺失</translation>
    </message>
    <message>
        <source>%1: cannot read the painting (%2)</source>
        <translation>%1：无法读取画作（%2）</translation>
    </message>
    <message>
        <source>&amp;Export result…</source>
        <translation>导出结果(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;parameters…</source>
        <translation>导出参数(&amp;P)…</translation>
    </message>
    <message>
        <source>Open pro&amp;ject…</source>
        <translation>打开项目(&amp;J)…</translation>
    </message>
    <message>
        <source>&amp;Save project…</source>
        <translation>保存项目(&amp;S)…</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>%1: cannot export (%2). The result is kept; export it elsewhere.</source>
        <translation>%1：无法导出（%2）。结果仍然保留，请导出到其他位置。</translation>
    </message>
    <message>
        <source>%1: cannot save the project (%2)</source>
        <translation>%1：无法保存项目（%2）</translation>
    </message>
    <message>
        <source>Saved project %1</source>
        <translation>已保存项目 %1</translation>
    </message>
    <message>
        <source>%1: cannot open the project: %2</source>
        <translation>%1：无法打开项目：%2</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>not a file</source>
        <translation>不是文件</translation>
    </message>
    <message>
        <source>the file is too large for a project</source>
        <translation>文件过大，不是项目文件</translation>
    </message>
    <message>
        <source>the photo %1 is missing</source>
        <translation>照片 %1 缺失</translation>
    </message>
    <message>
        <source>the photo %1 cannot be read (%2)</source>
        <translation>无法读取照片 %1（%2）</translation>
    </message>
    <message>
        <source>the photo %1 cannot be opened</source>
        <translation>无法打开照片 %1</translation>
    </message>
    <message>
        <source>an instance&apos;s mask does not fit the photo and was left out</source>
        <translation>某个实例的蒙版与照片尺寸不符，已忽略</translation>
    </message>
    <message>
        <source>maskPng: the saved mask does not fit the photo and was left out</source>
        <translation>maskPng：保存的蒙版与照片尺寸不符，已忽略</translation>
    </message>
    <message>
        <source>%1 was opened with defaults where it was damaged:&lt;br&gt;%2</source>
        <translation>已打开 %1，损坏之处改用了默认值：&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>Opened project %1 with problems</source>
        <translation>已打开项目 %1，但存在问题</translation>
    </message>
    <message>
        <source>Opened project %1</source>
        <translation>已打开项目 %1</translation>
    </message>
    <message>
        <source>Still exporting %1; export again when it is written.</source>
        <translation>仍在导出 %1；写入完成后再导出。</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>正在导出 %1…</translation>
    </message>
    <message>
        <source>%1: cannot export the parameters (%2)</source>
        <translation>%1：无法导出参数（%2）</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>instyle projects (*.instyle)</source>
        <translation>instyle 项目 (*.instyle)</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Export result</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>PNG image (*.png);;JPEG image (*.jpg *.jpeg);;TIFF image (*.tif *.tiff)</source>
        <translation>PNG 图像 (*.png);;JPEG 图像 (*.jpg *.jpeg);;TIFF 图像 (*.tif *.tiff)</translation>
    </message>
    <message>
        <source>Export parameters</source>
        <translation>导出参数</translation>
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
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Run the style transfer, or pause/resume it (Space)</source>
        <translation>运行风格迁移，或暂停/继续（空格键）</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>New weights apply from the next iteration</source>
        <translation>新权重将从下一次迭代起生效</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Open a photo first.</source>
        <translation>请先打开一张照片。</translation>
    </message>
    <message>
        <source>Pick a painting in the gallery first.</source>
        <translation>请先在画廊中选择一幅画作。</translation>
    </message>
    <message>
        <source>%1: cannot read the painting (%2)</source>
        <translation>%1：无法读取画作（%2）</translation>
    </message>
    <message>
        <source>Select something first: the background is everything except the selection.</source>
        <translation>请先选择对象：背景是选区以外的全部内容。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Running %1 iterations at %2 px</source>
        <translation>正在以 %2 像素运行 %1 次迭代</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>已继续</translation>
    </message>
    <message>
        <source>New weights in use from iteration %1</source>
        <translation>新权重自第 %1 次迭代起使用</translation>
    </message>
    <message>
        <source>Iteration %1/%2</source>
        <translation>迭代 %1/%2</translation>
    </message>
    <message>
        <source>%1 s/iteration</source>
        <translation>%1 秒/迭代</translation>
    </message>
    <message>
        <source>Convolutions of the last run: %1</source>
        <translation>上一次运行的卷积：%1</translation>
    </message>
    <message>
        <source>The run stopped at iteration %1: %2. The last good image is kept.</source>
        <translation>运行在第 %1 次迭代时停止：%2。保留最后一张有效图像。</translation>
    </message>
    <message>
        <source>Stopped on a numeric fault</source>
        <translation>因数值错误而停止</translation>
    </message>
    <message>
        <source>Stopped after %1 iterations</source>
        <translation>在 %1 次迭代后停止</translation>
    </message>
    <message>
        <source>Done: %1 iterations in %2</source>
        <translation>完成：%1 次迭代，用时 %2</translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>运行失败：%1</translation>
    </message>
    <message>
        <source>Run failed</source>
        <translation>运行失败</translation>
    </message>
</context>
<context>
    <name>instyle::ui::SamPanel</name>
    <message>
        <source>Objects (FCN)</source>
        <translation>物体（FCN）</translation>
    </message>
    <message>
        <source>Select the instances the segmenter found (people, animals, vehicles, …) by clicking them</source>
        <translation>点击选择分割模型找到的实例（人、动物、车辆等）</translation>
    </message>
    <message>
        <source>Anything (MobileSAM)</source>
        <translation>任意物体（MobileSAM）</translation>
    </message>
    <message>
        <source>Select any object: click it, Alt+click what does not belong to it, or drag a box around it; Enter adds it to the selection</source>
        <translation>选择任意物体：点击它，Alt+点击不属于它的部分，或拖出一个框将其框住；按 Enter 加入选择</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Make the mask an instance of the selection, with its own painting and weights (Enter)</source>
        <translation>将蒙版作为选择中的一个实例，拥有自己的画作和权重（Enter）</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Drop the points and the box (Esc)</source>
        <translation>丢弃这些点和框（Esc）</translation>
    </message>
    <message>
        <source>&lt;i&gt;Preparing MobileSAM selection…&lt;/i&gt; You can click already.</source>
        <translation>&lt;i&gt;正在准备 MobileSAM 选择…&lt;/i&gt; 现在已可点击。</translation>
    </message>
    <message>
        <source>Preparing MobileSAM selection…</source>
        <translation>正在准备 MobileSAM 选择…</translation>
    </message>
    <message>
        <source>Click an object to select it, Alt+click (or right-click) what does not belong to it, or drag a box around it. &lt;b&gt;Enter&lt;/b&gt; or &lt;b&gt;Add&lt;/b&gt; makes the mask an instance; &lt;b&gt;Esc&lt;/b&gt; discards the prompts.</source>
        <translation>点击物体即可选中它，Alt+点击（或右键点击）不属于它的部分，或拖出一个框将其框住。按 &lt;b&gt;Enter&lt;/b&gt; 或点击&lt;b&gt;添加&lt;/b&gt;将蒙版变为实例；按 &lt;b&gt;Esc&lt;/b&gt; 丢弃提示。</translation>
    </message>
    <message>
        <source>MobileSAM selection ready (the photo&apos;s embedding came from the cache)</source>
        <translation>MobileSAM 选择已就绪（照片的嵌入来自缓存）</translation>
    </message>
    <message>
        <source>MobileSAM selection ready (photo encoded in %1 s)</source>
        <translation>MobileSAM 选择已就绪（照片编码用时 %1 秒）</translation>
    </message>
    <message>
        <source>MobileSAM: %1</source>
        <translation>MobileSAM：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;MobileSAM failed&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;MobileSAM 失败&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>MobileSAM failed: %1</source>
        <translation>MobileSAM 失败：%1</translation>
    </message>
    <message>
        <source>Mask of %1 pixels (predicted IoU %2, decoded in %3 s)</source>
        <translation>蒙版共 %1 像素（预测 IoU %2，解码用时 %3 秒）</translation>
    </message>
    <message>
        <source>Open a photo, then click any object in it to select it.</source>
        <translation>打开一张照片，然后点击其中任意物体即可选中它。</translation>
    </message>
    <message>
        <source>&lt;b&gt;MobileSAM is not installed&lt;/b&gt; (%1). See Help ▸ Models…, or switch back to &lt;i&gt;Objects (FCN)&lt;/i&gt;.</source>
        <translation>&lt;b&gt;未安装 MobileSAM&lt;/b&gt;（%1）。请参阅 帮助 ▸ 模型…，或切换回&lt;i&gt;物体（FCN）&lt;/i&gt;。</translation>
    </message>
    <message>
        <source>&lt;b&gt;The Anything selection needs MobileSAM&lt;/b&gt; (%1, %2), which is not installed. Get it with &lt;i&gt;Models…&lt;/i&gt;, or &lt;code&gt;instyle-cli models download %3&lt;/code&gt;.</source>
        <translation>&lt;b&gt;“任意物体”选择需要 MobileSAM&lt;/b&gt;（%1，%2），但尚未安装。请通过&lt;i&gt;模型…&lt;/i&gt;获取，或运行 &lt;code&gt;instyle-cli models download %3&lt;/code&gt;。</translation>
    </message>
    <message>
        <source>MobileSAM is not installed</source>
        <translation>未安装 MobileSAM</translation>
    </message>
    <message>
        <source>The mask is added as soon as it is ready</source>
        <translation>蒙版就绪后即会添加</translation>
    </message>
    <message>
        <source>The mask is empty: nothing to add</source>
        <translation>蒙版为空：没有可添加的内容</translation>
    </message>
    <message>
        <source>Add object</source>
        <translation>添加物体</translation>
    </message>
    <message>
        <source>Added %1 to the selection</source>
        <translation>已将 %1 加入选区</translation>
    </message>
    <message>
        <source>Discard prompts</source>
        <translation>丢弃提示</translation>
    </message>
</context>
<context>
    <name>instyle::ui::SamSession</name>
    <message>
        <source>Include point</source>
        <translation>包含点</translation>
    </message>
    <message>
        <source>Exclude point</source>
        <translation>排除点</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>框</translation>
    </message>
</context>
<context>
    <name>instyle::ui::SamWorker</name>
    <message>
        <source>try a smaller photo</source>
        <translation>请尝试更小的照片</translation>
    </message>
</context>
<context>
    <name>instyle::ui::SelectionPanel</name>
    <message>
        <source>Choose an instance, then pick its painting and move its sliders</source>
        <translation>选择一个实例，然后为它挑选画作并调节滑块</translation>
    </message>
    <message>
        <source>Grow</source>
        <translation>扩大</translation>
    </message>
    <message>
        <source>Grow the mask by 3 pixels</source>
        <translation>将蒙版扩大 3 像素</translation>
    </message>
    <message>
        <source>Shrink</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Shrink the mask by 3 pixels</source>
        <translation>将蒙版缩小 3 像素</translation>
    </message>
    <message>
        <source>Refine edges (GrabCut)</source>
        <translation>细化边缘（GrabCut）</translation>
    </message>
    <message>
        <source>Fit the mask&apos;s boundary to the photo&apos;s edges</source>
        <translation>使蒙版边界贴合照片中的边缘</translation>
    </message>
    <message>
        <source>Clear selection</source>
        <translation>清除选择</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Paint the mask on the image: drag to add, Alt+drag to erase (middle button pans)</source>
        <translation>在图像上绘制蒙版：拖动添加，Alt+拖动擦除（中键平移）</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Brush radius in photo pixels</source>
        <translation>画笔半径（照片像素）</translation>
    </message>
    <message>
        <source>Refining the mask…</source>
        <translation>正在细化蒙版…</translation>
    </message>
    <message>
        <source>Mask refined</source>
        <translation>蒙版已细化</translation>
    </message>
    <message>
        <source>%1 — click to select, Ctrl+click to add</source>
        <translation>%1 — 单击选择，Ctrl+单击添加</translation>
    </message>
    <message numerus="yes">
        <source>Segmented with %1: %n instance(s)</source>
        <translation>
            <numerusform>已用 %1 分割：%n 个实例</numerusform>
        </translation>
    </message>
    <message>
        <source>A painted mask is selected: the run stylises only inside it.</source>
        <translation>已选择绘制的蒙版：运行只会对其内部进行风格化。</translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s) selected. Choose one in the list to give it its own painting and weights.</source>
        <translation>
            <numerusform>已选择 %n 个实例。在列表中选择一个，可为它单独设置画作和权重。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s) found. Click one on the image to stylise only it; Ctrl+click adds more. Nothing selected: the whole photo is stylised.</source>
        <translation>
            <numerusform>找到 %n 个实例。在图像上单击一个实例即可只对其进行风格化；Ctrl+单击可添加更多。未选择时将对整张照片进行风格化。</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a photo: its instances (people, animals, vehicles, …) can then be selected here to stylise only them.</source>
        <translation>打开一张照片后，可在此选择其中的实例（人物、动物、车辆等），只对它们进行风格化。</translation>
    </message>
    <message>
        <source>Finding instances…</source>
        <translation>正在查找实例…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Instance selection is unavailable&lt;/b&gt;&lt;br&gt;No segmentation model is installed (%1; see Help ▸ Models…, or choose the other segmenter in the preferences). A run stylises the whole photo.</source>
        <translation>&lt;b&gt;实例选择不可用&lt;/b&gt;&lt;br&gt;未安装分割模型（%1；请参见 帮助 ▸ 模型…，或在首选项中选择另一个分割器）。运行将对整张照片进行风格化。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Segmentation failed&lt;/b&gt;&lt;br&gt;%1&lt;br&gt;A run stylises the whole photo.</source>
        <translation>&lt;b&gt;分割失败&lt;/b&gt;&lt;br&gt;%1&lt;br&gt;运行将对整张照片进行风格化。</translation>
    </message>
    <message>
        <source>No instances found: a run stylises the whole photo.</source>
        <translation>未找到实例：运行将对整张照片进行风格化。</translation>
    </message>
    <message>
        <source>painted mask</source>
        <translation>绘制的蒙版</translation>
    </message>
    <message>
        <source>object %1</source>
        <translation>对象 %1</translation>
    </message>
    <message>
        <source>%1 #%2</source>
        <translation>%1 #%2</translation>
    </message>
    <message>
        <source>%1 — %2 px
%3
α %4 β %5 θ %6 γ %7</source>
        <translation>%1 — %2 像素
%3
α %4 β %5 θ %6 γ %7</translation>
    </message>
    <message>
        <source>no painting</source>
        <translation>无画作</translation>
    </message>
    <message>
        <source>The painting and the sliders now edit %1</source>
        <translation>画作和滑块现在编辑 %1</translation>
    </message>
</context>
<context>
    <name>instyle::ui::StyleGallery</name>
    <message>
        <source>Paintings: click one to use it; drop image files or folders here</source>
        <translation>画作：单击即可使用；可将图像文件或文件夹拖放到此处</translation>
    </message>
    <message>
        <source>Add paintings…</source>
        <translation>添加画作…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>No paintings yet.
Drop image files or a folder here, or use “Add paintings…”.</source>
        <translation>还没有画作。
将图像文件或文件夹拖放到此处，或使用“添加画作…”。</translation>
    </message>
    <message>
        <source>Add paintings</source>
        <translation>添加画作</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)</translation>
    </message>
    <message>
        <source>Add a folder of paintings</source>
        <translation>添加画作文件夹</translation>
    </message>
    <message>
        <source>Optionally mix in a second painting&apos;s style</source>
        <translation>可选：混入第二幅画作的风格</translation>
    </message>
    <message>
        <source>Share of the second painting in the style</source>
        <translation>第二幅画作在风格中所占的比例</translation>
    </message>
    <message>
        <source>Mix with:</source>
        <translation>混合：</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>(no second painting)</source>
        <translation>（无第二幅画作）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Get sample paintings</source>
        <translation>获取示例画作</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message numerus="yes">
        <source>Added %n sample painting(s) to the gallery.</source>
        <translation>
            <numerusform>已将 %n 幅示例画作添加到画廊。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sample painting(s) could not be added:</source>
        <translation>
            <numerusform>%n 幅示例画作无法添加：</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled. What was received is kept; “Get sample paintings” resumes it.</source>
        <translation>已取消。已接收的部分会保留；“获取示例画作”将继续下载。</translation>
    </message>
    <message>
        <source>The sample paintings are in the gallery.</source>
        <translation>示例画作已在画廊中。</translation>
    </message>
    <message>
        <source>Get sample paintings (%1)</source>
        <translation>获取示例画作（%1）</translation>
    </message>
    <message numerus="yes">
        <source>Downloads %n public-domain painting(s) into %1</source>
        <translation>
            <numerusform>将 %n 幅公有领域画作下载到 %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>instyle::ui::StyleWorker</name>
    <message>
        <source>try a smaller work size</source>
        <translation>请尝试更小的工作尺寸</translation>
    </message>
    <message>
        <source>try a smaller photo</source>
        <translation>请尝试更小的照片</translation>
    </message>
</context>
<context>
    <name>instyle::ui::VggStatusLabel</name>
    <message>
        <source>VGG19: random weights</source>
        <translation>VGG19：随机权重</translation>
    </message>
    <message>
        <source>No VGG19 file found: runs use random weights, and the result does not take on the painting&apos;s style</source>
        <translation>未找到 VGG19 文件：运行使用随机权重，结果不会呈现画作的风格</translation>
    </message>
    <message>
        <source>VGG19: checking the file…</source>
        <translation>VGG19：正在检查文件…</translation>
    </message>
    <message>
        <source>Comparing the SHA-256 of %1 with the official file&apos;s</source>
        <translation>正在将 %1 的 SHA-256 与官方文件比较</translation>
    </message>
    <message>
        <source>VGG19: pretrained</source>
        <translation>VGG19：预训练</translation>
    </message>
    <message>
        <source>%1: the official pretrained weights (SHA-256 checked)</source>
        <translation>%1：官方预训练权重（已校验 SHA-256）</translation>
    </message>
    <message>
        <source>VGG19: unreadable file</source>
        <translation>VGG19：文件无法读取</translation>
    </message>
    <message>
        <source>VGG19: unverified file</source>
        <translation>VGG19：未验证的文件</translation>
    </message>
</context>
<context>
    <name>instyle::ui::WeightsPanel</name>
    <message>
        <source>Paper</source>
        <translation>论文</translation>
    </message>
    <message>
        <source>Paper-exact</source>
        <translation>论文（精确）</translation>
    </message>
    <message>
        <source>Soft</source>
        <translation>柔和</translation>
    </message>
    <message>
        <source>Strong style</source>
        <translation>强风格</translation>
    </message>
    <message>
        <source>Apply a preset</source>
        <translation>应用预设</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save the current settings as a named preset</source>
        <translation>将当前设置保存为命名预设</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected user preset</source>
        <translation>删除所选的用户预设</translation>
    </message>
    <message>
        <source>Loss weights</source>
        <translation>损失权重</translation>
    </message>
    <message>
        <source>content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>style</source>
        <translation>风格</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Laplacian</source>
        <translation>拉普拉斯</translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>&amp;Iterations:</source>
        <translation>迭代次数(&amp;I)：</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Long side of the image the optimisation works on</source>
        <translation>优化所用图像的长边</translation>
    </message>
    <message>
        <source>&amp;Work size:</source>
        <translation>工作尺寸(&amp;W)：</translation>
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
        <translation>优化器(&amp;O)：</translation>
    </message>
    <message>
        <source>Softness of the selection&apos;s edge when the result is merged into the photo</source>
        <translation>将结果合并回照片时选区边缘的柔和程度</translation>
    </message>
    <message>
        <source>&amp;Feather:</source>
        <translation>羽化(&amp;F)：</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Preset name:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation>预设…</translation>
    </message>
    <message>
        <source>depth — inactive: no MiDaS model installed</source>
        <translation>深度 — 未启用：未安装 MiDaS 模型</translation>
    </message>
    <message>
        <source>Hard edge (the paper)</source>
        <translation>硬边缘（论文做法）</translation>
    </message>
    <message>
        <source>Feather</source>
        <translation>羽化</translation>
    </message>
    <message>
        <source>Guided (edge-aware)</source>
        <translation>引导滤波（保边）</translation>
    </message>
    <message>
        <source>Poisson (seamless)</source>
        <translation>泊松（无缝）</translation>
    </message>
    <message>
        <source>How the stylised region is blended back into the photo</source>
        <translation>风格化区域如何融合回照片</translation>
    </message>
    <message>
        <source>&amp;Blend:</source>
        <translation>融合(&amp;B)：</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Context around each instance&apos;s box that is stylised with it, per side</source>
        <translation>每个实例边框周围一同风格化的上下文（每边）</translation>
    </message>
    <message>
        <source>&amp;Margin:</source>
        <translation>边距(&amp;M)：</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Luminance only</source>
        <translation>仅亮度</translation>
    </message>
    <message>
        <source>Histogram matching</source>
        <translation>直方图匹配</translation>
    </message>
    <message>
        <source>Keep the photo&apos;s colours and take only the painting&apos;s texture</source>
        <translation>保留照片的颜色，只采用画作的纹理</translation>
    </message>
    <message>
        <source>&amp;Colours:</source>
        <translation>颜色(&amp;C)：</translation>
    </message>
    <message>
        <source>Stylise the &amp;background</source>
        <translation>风格化背景(&amp;B)</translation>
    </message>
    <message>
        <source>Stylise everything except the selection</source>
        <translation>风格化选区以外的全部内容</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source> scales</source>
        <translation> 级</translation>
    </message>
    <message>
        <source>Coarse to &amp;fine:</source>
        <translation>由粗到细(&amp;F)：</translation>
    </message>
    <message>
        <source>Coarse to fine: most iterations run at a quarter and half of the work size, each scale starting from the previous one — several times faster (scales under 64 px are left out)</source>
        <translation>由粗到细：大部分迭代在工作尺寸的四分之一和二分之一上进行，每一级都从上一级的结果开始——速度快数倍（小于 64 像素的级别会被跳过）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Depth-aware and Laplacian-steered instance style transfer</source>
        <translation>深度感知与拉普拉斯引导的实例风格迁移</translation>
    </message>
    <message>
        <source>The photo to open.</source>
        <translation>要打开的照片。</translation>
    </message>
</context>
</TS>
