<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>ActionPanel</name>
    <message>
      <source>Attach scan</source>
      <translation>附加扫描件</translation>
    </message>
    <message>
      <source>Attach scan (Ctrl+O)</source>
      <translation>附加扫描件 (Ctrl+O)</translation>
    </message>
    <message>
      <source>Comment</source>
      <translation>意见</translation>
    </message>
    <message>
      <source>Comment to the clerk</source>
      <translation>给窗口人员的意见</translation>
    </message>
    <message>
      <source>Confirm (Enter)</source>
      <translation>确认 (Enter)</translation>
    </message>
    <message>
      <source>Copies</source>
      <translation>复印件份数</translation>
    </message>
    <message>
      <source>Material</source>
      <translation>材料</translation>
    </message>
    <message>
      <source>Method</source>
      <translation>方式</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Originals</source>
      <translation>原件份数</translation>
    </message>
    <message>
      <source>Press Enter to confirm, Escape to cancel.</source>
      <translation>按 Enter 确认，按 Esc 取消。</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>理由</translation>
    </message>
    <message>
      <source>Received by</source>
      <translation>领取人</translation>
    </message>
    <message>
      <source>Score (voluntary)</source>
      <translation>评分（自愿）</translation>
    </message>
    <message>
      <source>Stage</source>
      <translation>评价环节</translation>
    </message>
    <message>
      <source>Tracking number (mail)</source>
      <translation>邮寄单号</translation>
    </message>
  </context>
  <context>
    <name>ApplicantPage</name>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>Applicant kind</source>
      <translation>申请人类型</translation>
    </message>
    <message>
      <source>Card read: %1</source>
      <translation>已读卡：%1</translation>
    </message>
    <message>
      <source>ID number scanned.</source>
      <translation>已扫描证件号码。</translation>
    </message>
    <message>
      <source>Legal person</source>
      <translation>法人</translation>
    </message>
    <message>
      <source>Legal representative</source>
      <translation>法定代表人</translation>
    </message>
    <message>
      <source>Natural person</source>
      <translation>自然人</translation>
    </message>
    <message>
      <source>Organisation name</source>
      <translation>单位名称</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Read ID card (F2)</source>
      <translation>读身份证 (F2)</translation>
    </message>
    <message>
      <source>Reading card…</source>
      <translation>正在读卡…</translation>
    </message>
    <message>
      <source>Scan card or barcode here (F3)</source>
      <translation>在此扫描证件或条码 (F3)</translation>
    </message>
    <message>
      <source>Submitted by an a&amp;gent</source>
      <translation>由代理人(&amp;G)办理</translation>
    </message>
    <message>
      <source>Unified social credit code</source>
      <translation>统一社会信用代码</translation>
    </message>
  </context>
  <context>
    <name>AuditModel</name>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>办件</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>操作人</translation>
    </message>
  </context>
  <context>
    <name>AuditView</name>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>Filter</source>
      <translation>筛选</translation>
    </message>
    <message>
      <source>From (YYYY-MM-DD)</source>
      <translation>起（年-月-日）</translation>
    </message>
    <message>
      <source>Not a date: %1 (use YYYY-MM-DD)</source>
      <translation>日期格式错误：%1（应为 年-月-日）</translation>
    </message>
    <message>
      <source>To (YYYY-MM-DD)</source>
      <translation>止（年-月-日）</translation>
    </message>
    <message>
      <source>User</source>
      <translation>用户</translation>
    </message>
    <message>
      <source>Verify chain</source>
      <translation>校验链</translation>
    </message>
    <message>
      <source>Verifying the audit chain…</source>
      <translation>正在校验审计链…</translation>
    </message>
  </context>
  <context>
    <name>CameraDialog</name>
    <message>
      <source>Capture (Enter)</source>
      <translation>拍摄 (Enter)</translation>
    </message>
    <message>
      <source>Document camera</source>
      <translation>高拍仪</translation>
    </message>
  </context>
  <context>
    <name>ConflictInbox</name>
    <message>
      <source>Conflict</source>
      <translation>冲突</translation>
    </message>
    <message>
      <source>Enter the field and its new value first.</source>
      <translation>请先填写字段和新值。</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>Field (e.g. phone)</source>
      <translation>字段（如 phone）</translation>
    </message>
    <message>
      <source>Keep platform value</source>
      <translation>保留平台数据</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Local value</source>
      <translation>本机值</translation>
    </message>
    <message>
      <source>New value</source>
      <translation>新值</translation>
    </message>
    <message>
      <source>Open items: %1</source>
      <translation>待处理：%1</translation>
    </message>
    <message>
      <source>Platform value</source>
      <translation>平台值</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>办件</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Refused by the platform</source>
      <translation>平台拒绝</translation>
    </message>
    <message>
      <source>Resubmit local value</source>
      <translation>重新提交本机数据</translation>
    </message>
    <message>
      <source>Select a conflict first.</source>
      <translation>请先选择冲突。</translation>
    </message>
    <message>
      <source>Since</source>
      <translation>发生时间</translation>
    </message>
    <message>
      <source>Submit edited value</source>
      <translation>修改后提交</translation>
    </message>
  </context>
  <context>
    <name>Controller</name>
    <message>
      <source>The store is not open yet.</source>
      <translation>本地数据库尚未打开。</translation>
    </message>
    <message>
      <source>This account belongs to another office than this computer.</source>
      <translation>该账号不属于本机所在的窗口单位。</translation>
    </message>
    <message>
      <source>Unexpected error; see the log.</source>
      <translation>发生意外错误，详见日志。</translation>
    </message>
    <message>
      <source>offline sign-in</source>
      <translation>离线登录</translation>
    </message>
    <message>
      <source>online</source>
      <translation>在线</translation>
    </message>
  </context>
  <context>
    <name>Crash</name>
    <message>
      <source>Something went wrong. Your work is saved; the details are in the log.</source>
      <translation>程序出现错误。已保存的工作不受影响，详细信息已写入日志。</translation>
    </message>
    <message>
      <source>Unexpected error</source>
      <translation>意外错误</translation>
    </message>
  </context>
  <context>
    <name>DecisionPage</name>
    <message>
      <source>Accept (Alt+A)</source>
      <translation>受理 (Alt+A)</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>受理决定</translation>
    </message>
    <message>
      <source>Due date if accepted today: %1</source>
      <translation>今日受理的办结期限：%1</translation>
    </message>
    <message>
      <source>Due date: calendar unknown (the platform will set it)</source>
      <translation>办结期限：日历未知（由平台确定）</translation>
    </message>
    <message>
      <source>One-time supplement notice (Alt+S)</source>
      <translation>一次性告知补正 (Alt+S)</translation>
    </message>
    <message>
      <source>Propose rejection (Alt+R)</source>
      <translation>拟不予受理 (Alt+R)</translation>
    </message>
    <message>
      <source>Reason for not accepting</source>
      <translation>不予受理理由</translation>
    </message>
  </context>
  <context>
    <name>DetailView</name>
    <message>
      <source>Conflicts</source>
      <translation>冲突</translation>
    </message>
    <message>
      <source>Enter another value (F9)</source>
      <translation>填写其他值 (F9)</translation>
    </message>
    <message>
      <source>Export scan</source>
      <translation>导出扫描件</translation>
    </message>
    <message>
      <source>Keep platform's value (F7)</source>
      <translation>采用平台的值 (F7)</translation>
    </message>
    <message>
      <source>Materials</source>
      <translation>材料</translation>
    </message>
    <message>
      <source>Notes and ratings</source>
      <translation>备注与评价</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Resubmit my value (F8)</source>
      <translation>重新提交我的值 (F8)</translation>
    </message>
    <message>
      <source>Scan (%1 KB) is not an image; Ctrl+E exports a copy.</source>
      <translation>扫描件（%1 KB）不是图片；按 Ctrl+E 导出副本。</translation>
    </message>
    <message>
      <source>Timeline</source>
      <translation>办理过程</translation>
    </message>
  </context>
  <context>
    <name>FirstRunPage</name>
    <message>
      <source>Enter the platform address and sign in once online to register this computer as a counter terminal.</source>
      <translation>请输入政务服务平台地址，并联网登录一次，将本机登记为窗口终端。</translation>
    </message>
    <message>
      <source>Office: %1 (%2)</source>
      <translation>窗口单位：%1（%2）</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Platform address</source>
      <translation>平台地址</translation>
    </message>
    <message>
      <source>Receipt numbers from this computer carry this terminal code.</source>
      <translation>本机出具的受理编号都带有此终端编号。</translation>
    </message>
    <message>
      <source>Register this computer</source>
      <translation>登记本机</translation>
    </message>
    <message>
      <source>Registering…</source>
      <translation>正在登记…</translation>
    </message>
    <message>
      <source>Set up this computer</source>
      <translation>设置本机</translation>
    </message>
    <message>
      <source>Start work</source>
      <translation>开始工作</translation>
    </message>
    <message>
      <source>Terminal code: &lt;b&gt;%1&lt;/b&gt;</source>
      <translation>终端编号：&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
      <source>This computer is registered.</source>
      <translation>本机已登记。</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
  </context>
  <context>
    <name>FormPage</name>
    <message>
      <source>Form</source>
      <translation>申请表</translation>
    </message>
    <message>
      <source>This item has no form fields; press Enter to continue.</source>
      <translation>该事项无需填写表单，按 Enter 继续。</translation>
    </message>
  </context>
  <context>
    <name>IntakeWizard</name>
    <message>
      <source>Back (Alt+Left)</source>
      <translation>上一步 (Alt+←)</translation>
    </message>
    <message>
      <source>Discard draft</source>
      <translation>放弃草稿</translation>
    </message>
    <message>
      <source>Draft restored (saved %1)</source>
      <translation>已恢复草稿（保存于 %1）</translation>
    </message>
    <message>
      <source>Next (Enter)</source>
      <translation>下一步 (Enter)</translation>
    </message>
    <message>
      <source>Next applicant (Ctrl+Shift+N)</source>
      <translation>下一位申请人 (Ctrl+Shift+N)</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Saved: receipt %1</source>
      <translation>已保存：受理编号 %1</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>正在保存…</translation>
    </message>
    <message>
      <source>Step %1 of %2: %3  (F1: shortcuts)</source>
      <translation>第 %1 步，共 %2 步：%3（F1：快捷键）</translation>
    </message>
    <message>
      <source>Working out the due date…</source>
      <translation>正在计算办结期限…</translation>
    </message>
  </context>
  <context>
    <name>ItemPage</name>
    <message>
      <source>&amp;Search service item (Ctrl+F)</source>
      <translation>搜索事项(&amp;S) (Ctrl+F)</translation>
    </message>
    <message>
      <source>Name or implementation code</source>
      <translation>事项名称或实施编码</translation>
    </message>
    <message>
      <source>Service item</source>
      <translation>办理事项</translation>
    </message>
  </context>
  <context>
    <name>LoginPage</name>
    <message>
      <source>Demo accounts</source>
      <translation>演示账号</translation>
    </message>
    <message>
      <source>Locked</source>
      <translation>已锁定</translation>
    </message>
    <message>
      <source>Locked after idle time. Enter the password to continue; your work is kept.</source>
      <translation>长时间未操作，已自动锁定。输入密码继续，未完成的工作已保留。</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Sign in to CounterDesk</source>
      <translation>登录窗口通</translation>
    </message>
    <message>
      <source>Signing in…</source>
      <translation>正在登录…</translation>
    </message>
    <message>
      <source>Switch user</source>
      <translation>切换用户</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>&amp;Work</source>
      <translation>工作(&amp;W)</translation>
    </message>
    <message>
      <source>CounterDesk</source>
      <translation>窗口通</translation>
    </message>
    <message>
      <source>DEMO — made-up data; secrets are kept in a file inside this demo profile</source>
      <translation>演示模式 DEMO —— 数据均为虚构；密钥保存在本演示配置目录的文件中</translation>
    </message>
    <message>
      <source>Lock</source>
      <translation>锁定</translation>
    </message>
    <message>
      <source>New intake</source>
      <translation>新建收件</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>Simulate offline</source>
      <translation>模拟断网</translation>
    </message>
    <message>
      <source>Switch user</source>
      <translation>切换用户</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>立即同步</translation>
    </message>
  </context>
  <context>
    <name>MaterialsPage</name>
    <message>
      <source>Attach scans</source>
      <translation>附加扫描件</translation>
    </message>
    <message>
      <source>Attach scans (Ctrl+O)</source>
      <translation>附加扫描件 (Ctrl+O)</translation>
    </message>
    <message>
      <source>Attached %1</source>
      <translation>已附加 %1</translation>
    </message>
    <message>
      <source>Attaching %1…</source>
      <translation>正在附加 %1…</translation>
    </message>
    <message>
      <source>Document camera (Ctrl+K)</source>
      <translation>高拍仪 (Ctrl+K)</translation>
    </message>
    <message>
      <source>Materials</source>
      <translation>申请材料</translation>
    </message>
    <message>
      <source>Scans (*.pdf *.jpg *.jpeg *.png)</source>
      <translation>扫描件 (*.pdf *.jpg *.jpeg *.png)</translation>
    </message>
    <message>
      <source>Space: received · A: condition applies · digits: counts · Ctrl+O: attach</source>
      <translation>空格：已收 · A：情形适用 · 数字：份数 · Ctrl+O：附加</translation>
    </message>
  </context>
  <context>
    <name>PersonFields</name>
    <message>
      <source>Certificate number</source>
      <translation>证件号码</translation>
    </message>
    <message>
      <source>Certificate type</source>
      <translation>证件类型</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
  </context>
  <context>
    <name>PrintPanel</name>
    <message>
      <source>Documents</source>
      <translation>文书</translation>
    </message>
    <message>
      <source>Preview (Ctrl+Shift+P)</source>
      <translation>打印预览 (Ctrl+Shift+P)</translation>
    </message>
    <message>
      <source>Print (Ctrl+P)</source>
      <translation>打印 (Ctrl+P)</translation>
    </message>
    <message>
      <source>Save PDF (Ctrl+S)</source>
      <translation>保存为 PDF (Ctrl+S)</translation>
    </message>
    <message>
      <source>Saved: %1</source>
      <translation>已保存：%1</translation>
    </message>
    <message>
      <source>Sent to the printer.</source>
      <translation>已发送到打印机。</translation>
    </message>
  </context>
  <context>
    <name>QueueModel</name>
    <message>
      <source>%1 (%2 wd left)</source>
      <translation>%1（剩 %2 个工作日）</translation>
    </message>
    <message>
      <source>%1 (overdue %2 wd)</source>
      <translation>%1（已超期 %2 个工作日）</translation>
    </message>
    <message>
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>Conflict: needs a decision</source>
      <translation>冲突：需要处理</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>办结期限</translation>
    </message>
    <message>
      <source>Receipt no.</source>
      <translation>受理编号</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>收件时间</translation>
    </message>
    <message>
      <source>Refused by the platform</source>
      <translation>平台拒绝</translation>
    </message>
    <message>
      <source>Service item</source>
      <translation>办理事项</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Sync</source>
      <translation>同步</translation>
    </message>
    <message>
      <source>Synced</source>
      <translation>已同步</translation>
    </message>
    <message>
      <source>Waiting to sync</source>
      <translation>等待同步</translation>
    </message>
  </context>
  <context>
    <name>QueueWidget</name>
    <message>
      <source>%n applications</source>
      <translation>共 %n 件</translation>
    </message>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>已办结</translation>
    </message>
    <message>
      <source>Decided</source>
      <translation>已决定</translation>
    </message>
    <message>
      <source>In review</source>
      <translation>审查中</translation>
    </message>
    <message>
      <source>Mine</source>
      <translation>我的</translation>
    </message>
    <message>
      <source>Search name, ID number, receipt no., phone (Ctrl+F)</source>
      <translation>搜索姓名、证件号码、受理编号、电话 (Ctrl+F)</translation>
    </message>
    <message>
      <source>Showing the first %n matches; type more to narrow the search.</source>
      <translation>仅显示前 %n 条结果，请输入更多内容缩小范围。</translation>
    </message>
    <message>
      <source>Type at least 2 characters to search.</source>
      <translation>请至少输入 2 个字再搜索。</translation>
    </message>
    <message>
      <source>Whole office</source>
      <translation>本单位全部</translation>
    </message>
  </context>
  <context>
    <name>SignoffView</name>
    <message>
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>Clerk</source>
      <translation>经办人</translation>
    </message>
    <message>
      <source>Clerk's reason</source>
      <translation>经办人理由</translation>
    </message>
    <message>
      <source>Comment for the clerk (required to return)</source>
      <translation>给经办人的意见（退回时必填）</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>事项</translation>
    </message>
    <message>
      <source>Materials</source>
      <translation>材料</translation>
    </message>
    <message>
      <source>Receipt no.</source>
      <translation>受理编号</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>收件时间</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Return to clerk</source>
      <translation>退回经办人</translation>
    </message>
    <message>
      <source>Saved: %1</source>
      <translation>已保存：%1</translation>
    </message>
    <message>
      <source>Select an application first.</source>
      <translation>请先选择办件。</translation>
    </message>
    <message>
      <source>Sign off rejection</source>
      <translation>签批不予受理</translation>
    </message>
    <message>
      <source>Write a comment for the clerk before returning.</source>
      <translation>退回前请填写意见。</translation>
    </message>
  </context>
  <context>
    <name>SupervisorPanel</name>
    <message>
      <source>Audit log</source>
      <translation>审计日志</translation>
    </message>
    <message>
      <source>Conflicts and rejected actions</source>
      <translation>冲突与被拒操作</translation>
    </message>
    <message>
      <source>Pending sign-offs</source>
      <translation>待签批</translation>
    </message>
  </context>
  <context>
    <name>SyncStatusBar</name>
    <message>
      <source>%1 conflicts, %2 refused</source>
      <translation>冲突 %1 件，被拒 %2 件</translation>
    </message>
    <message>
      <source>%1 h %2 min</source>
      <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
      <source>%n d</source>
      <translation>%n 天</translation>
    </message>
    <message>
      <source>%n min</source>
      <translation>%n 分钟</translation>
    </message>
    <message>
      <source>%n pending</source>
      <translation>待同步 %n 项</translation>
    </message>
    <message>
      <source>&lt;1 min</source>
      <translation>不到 1 分钟</translation>
    </message>
    <message>
      <source>All synced</source>
      <translation>已全部同步</translation>
    </message>
    <message>
      <source>Connecting…</source>
      <translation>正在连接…</translation>
    </message>
    <message>
      <source>Full resync…</source>
      <translation>正在全量同步…</translation>
    </message>
    <message>
      <source>Last sync %1</source>
      <translation>上次同步 %1</translation>
    </message>
    <message>
      <source>Never synced</source>
      <translation>从未同步</translation>
    </message>
    <message>
      <source>Not connected yet</source>
      <translation>尚未连接</translation>
    </message>
    <message>
      <source>Not synced yet</source>
      <translation>尚未同步</translation>
    </message>
    <message>
      <source>Not yet synced</source>
      <translation>有内容未同步</translation>
    </message>
    <message>
      <source>Nothing pending</source>
      <translation>无待同步内容</translation>
    </message>
    <message>
      <source>Offline</source>
      <translation>离线</translation>
    </message>
    <message>
      <source>Online</source>
      <translation>在线</translation>
    </message>
    <message>
      <source>Receiving…</source>
      <translation>正在接收…</translation>
    </message>
    <message>
      <source>Send and receive now (F5)</source>
      <translation>立即发送和接收 (F5)</translation>
    </message>
    <message>
      <source>Sending…</source>
      <translation>正在发送…</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>同步</translation>
    </message>
    <message>
      <source>Sync problem</source>
      <translation>同步出现问题</translation>
    </message>
    <message>
      <source>Syncing…</source>
      <translation>正在同步…</translation>
    </message>
    <message>
      <source>Updating catalog…</source>
      <translation>正在更新事项目录…</translation>
    </message>
    <message>
      <source>Uploading attachments…</source>
      <translation>正在上传附件…</translation>
    </message>
    <message>
      <source>oldest %1</source>
      <translation>最早一项已等 %1</translation>
    </message>
  </context>
  <context>
    <name>Workspace</name>
    <message>
      <source>New intake</source>
      <translation>新建收件</translation>
    </message>
    <message>
      <source>Queue</source>
      <translation>办件队列</translation>
    </message>
    <message>
      <source>Supervisor</source>
      <translation>负责人工作台</translation>
    </message>
    <message>
      <source>The detail view is not installed.</source>
      <translation>办件详情模块未安装。</translation>
    </message>
    <message>
      <source>The intake wizard is not installed.</source>
      <translation>收件向导模块未安装。</translation>
    </message>
  </context>
</TS>
