<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>ActionPanel</name>
    <message>
      <source>Acceptable</source>
      <translation>基本满意</translation>
    </message>
    <message>
      <source>Acceptance</source>
      <translation>受理</translation>
    </message>
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
      <translation>给经办人的意见</translation>
    </message>
    <message>
      <source>Completion</source>
      <translation>办结</translation>
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
      <source>Dissatisfied</source>
      <translation>不满意</translation>
    </message>
    <message>
      <source>Mail</source>
      <translation>邮寄</translation>
    </message>
    <message>
      <source>Material</source>
      <translation>材料</translation>
    </message>
    <message>
      <source>Material not on the first notice</source>
      <translation>首次告知未列明的材料</translation>
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
      <source>Pickup</source>
      <translation>自取</translation>
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
      <source>Reason for a further notice (override)</source>
      <translation>再次告知的理由（负责人审批）</translation>
    </message>
    <message>
      <source>Reason told to the applicant</source>
      <translation>告知申请人的延期理由</translation>
    </message>
    <message>
      <source>Received by</source>
      <translation>领取人</translation>
    </message>
    <message>
      <source>Satisfied</source>
      <translation>满意</translation>
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
    <message>
      <source>Very dissatisfied</source>
      <translation>非常不满意</translation>
    </message>
    <message>
      <source>Very satisfied</source>
      <translation>非常满意</translation>
    </message>
    <message>
      <source>What is wrong with it</source>
      <translation>存在的问题</translation>
    </message>
    <message>
      <source>Working days (at most %1)</source>
      <translation>延长工作日（最多%1个）</translation>
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
    <name>AuditLabels</name>
    <message>
      <source>%1 working days</source>
      <translation>%1个工作日</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
    <message>
      <source>(supervisor's override)</source>
      <translation>（负责人审批）</translation>
    </message>
    <message>
      <source>Application received</source>
      <translation>收件登记</translation>
    </message>
    <message>
      <source>Conflict resolved</source>
      <translation>处理冲突</translation>
    </message>
    <message>
      <source>Details corrected</source>
      <translation>修改办件信息</translation>
    </message>
    <message>
      <source>Device registered</source>
      <translation>设备登记</translation>
    </message>
    <message>
      <source>Due dates filled in from new calendar data</source>
      <translation>依新日历补算办结期限</translation>
    </message>
    <message>
      <source>Entries before it are intact. Tell the office's security officer.</source>
      <translation>此前的记录完好。请报告本单位安全管理员。</translation>
    </message>
    <message>
      <source>Entry %1 is missing: entries were deleted from the audit log.</source>
      <translation>第 %1 条记录缺失：审计日志中有记录被删除。</translation>
    </message>
    <message>
      <source>Entry %1 is out of order: entries of the audit log were moved.</source>
      <translation>第 %1 条记录顺序错乱：审计日志中有记录被移动。</translation>
    </message>
    <message>
      <source>Entry %1 was changed after it was written: the audit log was tampered with.</source>
      <translation>第 %1 条记录写入后被改动：审计日志遭到篡改。</translation>
    </message>
    <message>
      <source>Local database created</source>
      <translation>创建本机数据库</translation>
    </message>
    <message>
      <source>Material added</source>
      <translation>补收材料</translation>
    </message>
    <message>
      <source>Note added</source>
      <translation>添加备注</translation>
    </message>
    <message>
      <source>Offline sign-in failed</source>
      <translation>离线登录失败</translation>
    </message>
    <message>
      <source>Offline sign-in saved</source>
      <translation>保存离线登录凭据</translation>
    </message>
    <message>
      <source>Platform reset: full resync</source>
      <translation>平台重置，全部重新同步</translation>
    </message>
    <message>
      <source>Rating recorded</source>
      <translation>记录好差评</translation>
    </message>
    <message>
      <source>Reassigned to another clerk</source>
      <translation>改派经办人</translation>
    </message>
    <message>
      <source>Signed in offline</source>
      <translation>离线登录</translation>
    </message>
    <message>
      <source>Status changed</source>
      <translation>办件状态变更</translation>
    </message>
    <message>
      <source>Sync engine</source>
      <translation>同步程序</translation>
    </message>
    <message>
      <source>Sync results recorded</source>
      <translation>记录同步结果</translation>
    </message>
    <message>
      <source>System</source>
      <translation>系统</translation>
    </message>
    <message>
      <source>The audit log is intact: %1 entries checked, none changed.</source>
      <translation>审计日志完好：已校验 %1 条记录，均未被改动。</translation>
    </message>
    <message>
      <source>Time limit extended</source>
      <translation>延长办理期限</translation>
    </message>
    <message>
      <source>accepted %1</source>
      <translation>平台接受 %1 项</translation>
    </message>
    <message>
      <source>account locked for 15 minutes</source>
      <translation>账号锁定 15 分钟</translation>
    </message>
    <message>
      <source>already there %1</source>
      <translation>已存在 %1 项</translation>
    </message>
    <message>
      <source>conflicts %1</source>
      <translation>冲突 %1 项</translation>
    </message>
    <message>
      <source>kept the platform's value</source>
      <translation>保留平台数据</translation>
    </message>
    <message>
      <source>refused %1</source>
      <translation>被拒 %1 项</translation>
    </message>
    <message>
      <source>resubmitted the local value</source>
      <translation>重新提交本机数据</translation>
    </message>
    <message>
      <source>submitted a corrected value</source>
      <translation>修改后提交</translation>
    </message>
  </context>
  <context>
    <name>AuditModel</name>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>Application</source>
      <translation>办件</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>Record id: %1</source>
      <translation>办件标识：%1</translation>
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
      <source>All actions</source>
      <translation>全部操作</translation>
    </message>
    <message>
      <source>All users</source>
      <translation>全部用户</translation>
    </message>
    <message>
      <source>Checking the audit chain…</source>
      <translation>正在校验审计链…</translation>
    </message>
    <message>
      <source>Dates</source>
      <translation>按日期</translation>
    </message>
    <message>
      <source>Filter</source>
      <translation>筛选</translation>
    </message>
    <message>
      <source>No application has the receipt number %1.</source>
      <translation>没有收件编号为 %1 的办件。</translation>
    </message>
    <message>
      <source>Receipt no.</source>
      <translation>收件编号</translation>
    </message>
    <message>
      <source>The start date is after the end date.</source>
      <translation>起始日期晚于结束日期。</translation>
    </message>
    <message>
      <source>User (pick, or type a user id)</source>
      <translation>用户（选择，或输入用户账号）</translation>
    </message>
    <message>
      <source>Verify chain</source>
      <translation>校验审计链</translation>
    </message>
  </context>
  <context>
    <name>BackupDialog</name>
    <message>
      <source>Anyone may back up now. Restoring a backup, the recovery sheet and the schedule are for a supervisor (窗口负责人): ask one to sign in.</source>
      <translation>任何人都可以立即备份。从备份恢复、打印恢复单和修改备份计划须由窗口负责人操作，请窗口负责人登录。</translation>
    </message>
    <message>
      <source>Back up now</source>
      <translation>立即备份</translation>
    </message>
    <message>
      <source>Backing up…</source>
      <translation>正在备份…</translation>
    </message>
    <message>
      <source>Backup and restore</source>
      <translation>备份与恢复</translation>
    </message>
    <message>
      <source>Backup folder</source>
      <translation>备份文件夹</translation>
    </message>
    <message>
      <source>Backup schedule saved.</source>
      <translation>备份计划已保存。</translation>
    </message>
    <message>
      <source>Backup written and verified: %1</source>
      <translation>备份已写入并校验通过：%1</translation>
    </message>
    <message>
      <source>Backups to keep</source>
      <translation>保留备份份数</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <source>Daily backup at</source>
      <translation>每日备份时间</translation>
    </message>
    <message>
      <source>Last attempt failed: %1</source>
      <translation>上次备份失败：%1</translation>
    </message>
    <message>
      <source>Last backup: %1</source>
      <translation>上次备份：%1</translation>
    </message>
    <message>
      <source>New recovery key set up (sheet %1). Print %2, keep the sheet in the office safe, then delete the file. Older backups still need the previous sheet.</source>
      <translation>已设置新的恢复密钥（恢复单编号 %1）。请打印 %2，把恢复单存放在办公室保险柜中，然后删除该文件。更早的备份仍需要原来的恢复单。</translation>
    </message>
    <message>
      <source>No backup has been taken yet.</source>
      <translation>尚未进行过备份。</translation>
    </message>
    <message>
      <source>No recovery key: if this computer is lost, its backups cannot be opened.</source>
      <translation>尚未设置恢复密钥：这台电脑丢失或损坏时，它的备份将无法打开。</translation>
    </message>
    <message>
      <source>Nothing was saved.</source>
      <translation>未保存任何更改。</translation>
    </message>
    <message>
      <source>Only a supervisor may restore from a backup.</source>
      <translation>只有窗口负责人可以从备份恢复。</translation>
    </message>
    <message>
      <source>Only a supervisor may set up the recovery key.</source>
      <translation>只有窗口负责人可以设置恢复密钥。</translation>
    </message>
    <message>
      <source>Print recovery sheet…</source>
      <translation>打印恢复单…</translation>
    </message>
    <message>
      <source>Recovery sheet in use: %1</source>
      <translation>当前恢复单编号：%1</translation>
    </message>
    <message>
      <source>Restore from backup…</source>
      <translation>从备份恢复…</translation>
    </message>
    <message>
      <source>Restored from %1. The replaced database was kept as %2.</source>
      <translation>已从 %1 恢复。被替换的数据库已保留为 %2。</translation>
    </message>
    <message>
      <source>Restoring…</source>
      <translation>正在恢复…</translation>
    </message>
    <message>
      <source>Save recovery sheet</source>
      <translation>保存恢复单</translation>
    </message>
    <message>
      <source>Save schedule</source>
      <translation>保存备份计划</translation>
    </message>
    <message>
      <source>Second backup place</source>
      <translation>第二备份位置</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Taken at</source>
      <translation>备份时间</translation>
    </message>
    <message>
      <source>USB drive or network share (optional)</source>
      <translation>U 盘或网络共享文件夹（可选）</translation>
    </message>
    <message>
      <source>Unexpected error: %1</source>
      <translation>意外错误：%1</translation>
    </message>
    <message>
      <source>Verified</source>
      <translation>已校验</translation>
    </message>
    <message>
      <source>no</source>
      <translation>否</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>是</translation>
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
    <name>CaptureDialog</name>
    <message>
      <source>Capture page (Space)</source>
      <translation>拍摄一页 (空格)</translation>
    </message>
    <message>
      <source>Capturing…</source>
      <translation>正在拍摄…</translation>
    </message>
    <message>
      <source>Document camera</source>
      <translation>高拍仪</translation>
    </message>
    <message>
      <source>Done (Enter)</source>
      <translation>完成 (Enter)</translation>
    </message>
    <message>
      <source>Page %1</source>
      <translation>第 %1 页</translation>
    </message>
    <message>
      <source>Page %1 captured (%2 KB)</source>
      <translation>已拍摄第 %1 页（%2 KB）</translation>
    </message>
    <message>
      <source>The camera failed; use a scan or the paper copy.</source>
      <translation>高拍仪故障，请改用扫描件或纸质材料。</translation>
    </message>
  </context>
  <context>
    <name>ClerkGridModel</name>
    <message>
      <source>Whole office</source>
      <translation>本单位全部</translation>
    </message>
  </context>
  <context>
    <name>ConfirmDialog</name>
    <message>
      <source>After sign-off the application is not accepted: the applicant will receive the rejection notice (不予受理通知书). This cannot be undone.</source>
      <translation>签批后该件将被不予受理，申请人将收到不予受理通知书，此操作无法撤销。</translation>
    </message>
    <message>
      <source>Give %n application(s) to %1?</source>
      <translation>将所选 %n 件改派给 %1？</translation>
    </message>
    <message>
      <source>Reassign</source>
      <translation>改派</translation>
    </message>
    <message>
      <source>Sign off rejection</source>
      <translation>签批不予受理</translation>
    </message>
    <message>
      <source>Sign off the proposed rejection of %1?</source>
      <translation>确认签批 %1 的不予受理？</translation>
    </message>
    <message>
      <source>Sign off the rejection</source>
      <translation>签批不予受理</translation>
    </message>
    <message>
      <source>They leave their current clerk's queue at once and only %1 can work on them; the change is recorded and sent to the platform.</source>
      <translation>这些件将立即移出原经办人的待办，只能由 %1 继续办理；改派记入审计日志并同步到平台。</translation>
    </message>
  </context>
  <context>
    <name>ConflictEditor</name>
    <message>
      <source>Correct the field</source>
      <translation>更正字段</translation>
    </message>
    <message>
      <source>Edit and submit</source>
      <translation>修改后提交</translation>
    </message>
    <message>
      <source>New value</source>
      <translation>新值</translation>
    </message>
    <message>
      <source>Nothing to correct here: keep the platform's data or resubmit.</source>
      <translation>此项无可更正的值：请保留平台数据或重新提交。</translation>
    </message>
  </context>
  <context>
    <name>ConflictInbox</name>
    <message>
      <source>A refused action cannot be sent again as it was: correct it below.</source>
      <translation>被拒操作不能原样重新提交：请在下方更正。</translation>
    </message>
    <message>
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>Conflict</source>
      <translation>冲突</translation>
    </message>
    <message>
      <source>Discard this action (keep platform data)</source>
      <translation>放弃此操作（保留平台数据）</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>字段</translation>
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
      <source>Nothing to resolve: no conflicts or refused actions.</source>
      <translation>无需处理：没有冲突或被拒操作。</translation>
    </message>
    <message>
      <source>Open the application from the queue to see it whole.</source>
      <translation>如需查看办件全部信息，请从办件队列中打开。</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>平台数据</translation>
    </message>
    <message>
      <source>Receipt no.</source>
      <translation>收件编号</translation>
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
      <source>Resolved: %1</source>
      <translation>已处理：%1</translation>
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
      <source>This device</source>
      <translation>本机数据</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>情况说明</translation>
    </message>
  </context>
  <context>
    <name>Controller</name>
    <message>
      <source>Only counter clerks receive applications; sign in as a clerk to start an intake.</source>
      <translation>收件须由窗口人员办理，请以窗口人员身份登录后再新建收件。</translation>
    </message>
    <message>
      <source>Quit anyway?</source>
      <translation>仍要退出吗？</translation>
    </message>
    <message>
      <source>Sign out anyway?</source>
      <translation>仍要退出登录吗？</translation>
    </message>
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
    <name>DailyReportPrinter</name>
    <message>
      <source>Could not save %1: %2</source>
      <translation>无法保存 %1：%2</translation>
    </message>
    <message>
      <source>Daily report saved: %1</source>
      <translation>日报已保存：%1</translation>
    </message>
  </context>
  <context>
    <name>DamagedRestoreDialog</name>
    <message>
      <source>Backup</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Choose a backup</source>
      <translation>选择备份</translation>
    </message>
    <message>
      <source>Choose a backup first.</source>
      <translation>请先选择一个备份。</translation>
    </message>
    <message>
      <source>Other file…</source>
      <translation>其他文件…</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Recovery code</source>
      <translation>恢复码</translation>
    </message>
    <message>
      <source>Recovery key</source>
      <translation>恢复密钥</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Restore from a backup</source>
      <translation>从备份恢复</translation>
    </message>
    <message>
      <source>Restoring…</source>
      <translation>正在恢复…</translation>
    </message>
    <message>
      <source>Supervisor user name</source>
      <translation>窗口负责人用户名</translation>
    </message>
    <message>
      <source>Supervisor's password</source>
      <translation>窗口负责人密码</translation>
    </message>
    <message>
      <source>The damaged file is kept beside the store, renamed; nothing is deleted. Work that reached the platform comes back with the next sync.</source>
      <translation>损坏的文件会改名保留在原处，不会删除。已同步到平台的办件会在下次同步时取回。</translation>
    </message>
    <message>
      <source>The restore failed; nothing was changed. See the log.</source>
      <translation>恢复失败，没有改动任何内容。详情见日志。</translation>
    </message>
  </context>
  <context>
    <name>DeadlineNote</name>
    <message>
      <source>Extended by %1 working days (art. 42): %2</source>
      <translation>已延长%1个工作日（行政许可法第四十二条）：%2</translation>
    </message>
    <message>
      <source>No supplement notice within 5 working days of receipt: the application counts as accepted from receipt (Administrative Licensing Law art. 32); due %1</source>
      <translation>收件后5个工作日内未一次性告知：自收到申请材料之日起即为受理（行政许可法第三十二条），办结期限%1</translation>
    </message>
    <message>
      <source>Supplement notice possible until %1 (art. 32)</source>
      <translation>一次性告知期限至%1（第三十二条）</translation>
    </message>
    <message>
      <source>Suspended: the time limit is paused (art. 45)</source>
      <translation>已挂起：期间不计入办理时限（第四十五条）</translation>
    </message>
    <message>
      <source>The supplement notice window closes on %1: a notice after that day is too late (art. 32)</source>
      <translation>一次性告知期限于%1届满，逾期告知即视为受理（第三十二条）</translation>
    </message>
    <message>
      <source>calendar unknown</source>
      <translation>日历未知</translation>
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
    <name>DetailModels</name>
    <message>
      <source>Action refused by the platform</source>
      <translation>被平台拒绝的操作</translation>
    </message>
    <message>
      <source>Base</source>
      <translation>原值</translation>
    </message>
    <message>
      <source>By</source>
      <translation>操作人</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>状态变更</translation>
    </message>
    <message>
      <source>Clerk's value</source>
      <translation>本窗口的值</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>Platform's value</source>
      <translation>平台的值</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>说明</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>new</source>
      <translation>新建</translation>
    </message>
  </context>
  <context>
    <name>DetailView</name>
    <message>
      <source>%1 rating %2 %3 %4</source>
      <translation>%1 好差评（%2）%3 %4</translation>
    </message>
    <message>
      <source>%1 · originals %2 · copies %3</source>
      <translation>%1 · 原件 %2 份 · 复印件 %3 份</translation>
    </message>
    <message>
      <source>Conflict to resolve</source>
      <translation>有冲突，需处理</translation>
    </message>
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
      <source>Only keep or resubmit is possible for this conflict</source>
      <translation>此项只能保留平台数据或原样重新提交</translation>
    </message>
    <message>
      <source>Pending sync</source>
      <translation>待同步</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Rejected by the platform</source>
      <translation>平台拒绝，需处理</translation>
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
      <source>Status: %1 · Due: %2</source>
      <translation>状态：%1 · 办结期限：%2</translation>
    </message>
    <message>
      <source>Sync: %1</source>
      <translation>同步：%1</translation>
    </message>
    <message>
      <source>Synced</source>
      <translation>已同步</translation>
    </message>
    <message>
      <source>Timeline</source>
      <translation>办理过程</translation>
    </message>
    <message>
      <source>at acceptance</source>
      <translation>受理时</translation>
    </message>
    <message>
      <source>at completion</source>
      <translation>办结时</translation>
    </message>
    <message>
      <source>calendar unknown</source>
      <translation>日历未知</translation>
    </message>
  </context>
  <context>
    <name>DeviceHealthView</name>
    <message>
      <source>%n device(s) need attention.</source>
      <translation>%n 台设备需要关注。</translation>
    </message>
    <message>
      <source>From the platform, fetched at %1.</source>
      <translation>数据来自平台，获取于 %1。</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>The platform is not reachable and no device list was fetched yet: only this computer is shown.</source>
      <translation>无法连接平台，且尚未获取过设备列表：仅显示本机。</translation>
    </message>
    <message>
      <source>The platform is not reachable: this computer now, other devices as fetched at %1.</source>
      <translation>无法连接平台：本机为当前状态，其他设备为 %1 获取的状态。</translation>
    </message>
  </context>
  <context>
    <name>DeviceModel</name>
    <message>
      <source> (gap %n)</source>
      <translation>（缺口 %n）</translation>
    </message>
    <message>
      <source>%n days</source>
      <translation>%n 天</translation>
    </message>
    <message>
      <source>%n h</source>
      <translation>%n 小时</translation>
    </message>
    <message>
      <source>%n min</source>
      <translation>%n 分钟</translation>
    </message>
    <message>
      <source>Attention</source>
      <translation>异常提示</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation>冲突</translation>
    </message>
    <message>
      <source>Days offline / allowed</source>
      <translation>离线天数 / 允许天数</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>设备</translation>
    </message>
    <message>
      <source>Last pull</source>
      <translation>上次下载</translation>
    </message>
    <message>
      <source>Last push</source>
      <translation>上次上传</translation>
    </message>
    <message>
      <source>Oldest pending</source>
      <translation>最久待上传</translation>
    </message>
    <message>
      <source>Pending actions</source>
      <translation>待上传操作</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>被拒操作</translation>
    </message>
    <message>
      <source>Terminal</source>
      <translation>终端</translation>
    </message>
    <message>
      <source>This computer</source>
      <translation>本机</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从未</translation>
    </message>
  </context>
  <context>
    <name>FirstRunPage</name>
    <message>
      <source>Enter the platform address and sign in once online to register this computer as a counter terminal. Only a supervisor can register a terminal; clerks sign in once it is registered.</source>
      <translation>请输入政务服务平台地址，并联网登录一次，将本机登记为窗口终端。只有窗口负责人可以登记终端；登记完成后窗口人员即可登录。</translation>
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
      <source>Print recovery sheet…</source>
      <translation>打印恢复单…</translation>
    </message>
    <message>
      <source>Receipt numbers from this computer carry this terminal code.</source>
      <translation>本机出具的收件编号都带有此终端编号。</translation>
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
      <source>Restore a backup with the recovery sheet…</source>
      <translation>用恢复单恢复备份…</translation>
    </message>
    <message>
      <source>Set up the recovery key now: without the printed sheet, this computer's backups cannot be opened if it is lost or broken.</source>
      <translation>请现在设置恢复密钥：没有打印好的恢复单，这台电脑丢失或损坏时，它的备份将无法打开。</translation>
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
    <name>FollowUpView</name>
    <message>
      <source>Choose a rating and say what was done.</source>
      <translation>请选择一条差评并填写处理情况。</translation>
    </message>
    <message>
      <source>Comment</source>
      <translation>意见</translation>
    </message>
    <message>
      <source>Follow up by</source>
      <translation>回访期限</translation>
    </message>
    <message>
      <source>Follow-up recorded.</source>
      <translation>已登记回访。</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>评价等级</translation>
    </message>
    <message>
      <source>No poor rating awaits a follow-up.</source>
      <translation>没有待回访的差评。</translation>
    </message>
    <message>
      <source>Poor-rating follow-ups</source>
      <translation>差评回访</translation>
    </message>
    <message>
      <source>Rated at</source>
      <translation>评价时间</translation>
    </message>
    <message>
      <source>Receipt no.</source>
      <translation>收件编号</translation>
    </message>
    <message>
      <source>Record follow-up</source>
      <translation>登记回访</translation>
    </message>
    <message>
      <source>Stage</source>
      <translation>评价环节</translation>
    </message>
    <message>
      <source>What was done (call-back, correction)</source>
      <translation>处理情况（回访、整改）</translation>
    </message>
    <message>
      <source>calendar unknown</source>
      <translation>日历未知</translation>
    </message>
  </context>
  <context>
    <name>FormPage</name>
    <message>
      <source>18-character ID number</source>
      <translation>18 位身份证号码</translation>
    </message>
    <message>
      <source>18-character credit code</source>
      <translation>18 位统一社会信用代码</translation>
    </message>
    <message>
      <source>Form</source>
      <translation>申请表</translation>
    </message>
    <message>
      <source>This item has no form fields; press Enter to continue.</source>
      <translation>该事项无需填写表单，按 Enter 继续。</translation>
    </message>
    <message>
      <source>mobile or landline</source>
      <translation>手机或固定电话</translation>
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
      <translation>已保存：收件编号 %1</translation>
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
      <source>Nothing found</source>
      <translation>没有找到</translation>
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
      <source>Restore from a backup…</source>
      <translation>从备份恢复…</translation>
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
      <source>Cut the app off the platform, as an unplugged cable would (%1)</source>
      <translation>像拔掉网线一样断开与平台的连接（%1）</translation>
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
      <source>Sign out</source>
      <translation>退出登录</translation>
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
    <name>OfficeLegal</name>
    <message>
      <source>Administrative review body</source>
      <translation>行政复议机关</translation>
    </message>
    <message>
      <source>Court for administrative lawsuits</source>
      <translation>行政诉讼管辖法院</translation>
    </message>
    <message>
      <source>Printed on rejection notices; set for the office by the platform.</source>
      <translation>印在不予受理通知书上；由政务服务平台按单位设置。</translation>
    </message>
    <message>
      <source>not set by the platform</source>
      <translation>平台未设置</translation>
    </message>
  </context>
  <context>
    <name>OfficeListModel</name>
    <message>
      <source>Clerk</source>
      <translation>经办人</translation>
    </message>
  </context>
  <context>
    <name>OfficeQueueView</name>
    <message>
      <source>%n applications</source>
      <translation>共 %n 件</translation>
    </message>
    <message>
      <source>Any due date</source>
      <translation>全部期限</translation>
    </message>
    <message>
      <source>Due within 2 working days</source>
      <translation>2 个工作日内到期</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>已超期</translation>
    </message>
    <message>
      <source>Reassigned %n application(s) to %1.</source>
      <translation>已将 %n 件办件改派给 %1。</translation>
    </message>
    <message>
      <source>Reassign…</source>
      <translation>改派…</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Search name, ID number, receipt no., phone</source>
      <translation>搜索姓名、证件号码、收件编号、电话</translation>
    </message>
    <message>
      <source>Select an application first.</source>
      <translation>请先选择办件。</translation>
    </message>
    <message>
      <source>Select one or more applications first.</source>
      <translation>请先选择一件或多件办件。</translation>
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
    <name>PageCapture</name>
    <message>
      <source>%1: %2 page(s) captured</source>
      <translation>%1：已拍摄 %2 页</translation>
    </message>
    <message>
      <source>Capture pages (F6)</source>
      <translation>高拍仪拍摄 (F6)</translation>
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
      <source>I have checked the certificate: the number is right as written</source>
      <translation>已核对证件原件，号码无误</translation>
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
    <name>QueueDesk</name>
    <message>
      <source>%1 received</source>
      <translation>%1 已收件</translation>
    </message>
    <message>
      <source>Calling…</source>
      <translation>正在叫号…</translation>
    </message>
    <message>
      <source>Now serving %1</source>
      <translation>请 %1 号办理</translation>
    </message>
    <message>
      <source>Queue call failed; call the applicant in person.</source>
      <translation>叫号失败，请口头叫号。</translation>
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
      <translation>收件编号</translation>
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
      <translation>已审批</translation>
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
      <translation>搜索姓名、证件号码、收件编号、电话 (Ctrl+F)</translation>
    </message>
    <message>
      <source>Showing the first %n matches; type more to narrow the search.</source>
      <translation>仅显示前 %n 条结果，请输入更多内容缩小范围。</translation>
    </message>
    <message>
      <source>Whole office</source>
      <translation>本单位全部</translation>
    </message>
  </context>
  <context>
    <name>QuitGuard</name>
    <message numerus="yes">
      <source>%n intake(s) are not finished.</source>
      <translation>
        <numerusform>有 %n 件收件尚未完成。</numerusform>
      </translation>
    </message>
    <message>
      <source>Their drafts are kept on this computer; the same user can continue them after signing in again.</source>
      <translation>草稿已保存在本机，同一用户再次登录后可以继续办理。</translation>
    </message>
    <message>
      <source>Unfinished intakes</source>
      <translation>收件尚未完成</translation>
    </message>
  </context>
  <context>
    <name>RatingDialog</name>
    <message>
      <source>Attitude</source>
      <translation>服务态度</translation>
    </message>
    <message>
      <source>Comment (optional)</source>
      <translation>意见（可不填）</translation>
    </message>
    <message>
      <source>Dissatisfied</source>
      <translation>不满意</translation>
    </message>
    <message>
      <source>Efficiency</source>
      <translation>办事效率</translation>
    </message>
    <message>
      <source>Fairly satisfied</source>
      <translation>基本满意</translation>
    </message>
    <message>
      <source>Overall</source>
      <translation>总体评价</translation>
    </message>
    <message>
      <source>Please rate our service</source>
      <translation>请对我们的服务作出评价</translation>
    </message>
    <message>
      <source>Satisfied</source>
      <translation>满意</translation>
    </message>
    <message>
      <source>Service level</source>
      <translation>服务水平</translation>
    </message>
    <message>
      <source>Very dissatisfied</source>
      <translation>非常不满意</translation>
    </message>
    <message>
      <source>Very satisfied</source>
      <translation>非常满意</translation>
    </message>
  </context>
  <context>
    <name>RatingFlow</name>
    <message>
      <source>The rating could not be recorded; see the log.</source>
      <translation>评价未能保存，详见日志。</translation>
    </message>
  </context>
  <context>
    <name>ReassignDialog</name>
    <message>
      <source>Give %n selected application(s) to:</source>
      <translation>将选中的 %n 件办件改派给：</translation>
    </message>
    <message>
      <source>No other clerk of this office is known on this computer. A clerk appears here after signing in on it online once.</source>
      <translation>本机上没有本单位的其他经办人。经办人在本机联网登录一次后才会出现在这里。</translation>
    </message>
    <message>
      <source>Reassign</source>
      <translation>改派</translation>
    </message>
  </context>
  <context>
    <name>ReceiptSigning</name>
    <message>
      <source>Applicant's signature</source>
      <translation>申请人签名</translation>
    </message>
  </context>
  <context>
    <name>RecoveryRestoreDialog</name>
    <message>
      <source>Backup file</source>
      <translation>备份文件</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <source>Checking the backup…</source>
      <translation>正在检查备份…</translation>
    </message>
    <message>
      <source>Choose a backup</source>
      <translation>选择备份</translation>
    </message>
    <message>
      <source>CounterDesk</source>
      <translation>窗口通</translation>
    </message>
    <message>
      <source>Recovery code</source>
      <translation>恢复码</translation>
    </message>
    <message>
      <source>Recovery sheet %1 saved as %2. Print it, keep it in the office safe, then delete the file.</source>
      <translation>恢复单 %1 已保存为 %2。请打印后存放在办公室保险柜中，然后删除该文件。</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Restore a backup with the recovery sheet</source>
      <translation>用恢复单恢复备份</translation>
    </message>
    <message>
      <source>The backup was restored and re-encrypted with this computer's key. It belongs to terminal %1 (device %2): a supervisor registers this computer in its place before work starts. CounterDesk closes now; start it again.</source>
      <translation>备份已恢复，并已用本机的新密钥重新加密。它属于终端 %1（设备 %2）：开始办件前，请由负责人把这台电脑登记为该终端的替换设备。窗口通现在关闭，请重新启动。</translation>
    </message>
    <message>
      <source>Unexpected error: %1</source>
      <translation>意外错误：%1</translation>
    </message>
    <message>
      <source>Use this on a new computer when the old one is lost or broken. Copy the backup file together with its .recovery file, then type the code from the recovery sheet.</source>
      <translation>原电脑丢失或损坏时，在新电脑上使用。请把备份文件连同同名的 .recovery 文件一起复制过来，然后输入恢复单上的恢复码。</translation>
    </message>
  </context>
  <context>
    <name>RecoverySheet</name>
    <message>
      <source>CounterDesk recovery sheet</source>
      <translation>窗口通 恢复单</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>设备</translation>
    </message>
    <message>
      <source>Keep this sheet in the office safe. Anyone holding it and a backup can read the backup.</source>
      <translation>请将本单存放在办公室保险柜中。任何人持有本单和备份文件即可读取备份内容。</translation>
    </message>
    <message>
      <source>Made at</source>
      <translation>生成时间</translation>
    </message>
    <message>
      <source>Office</source>
      <translation>机构</translation>
    </message>
    <message>
      <source>Profile</source>
      <translation>配置</translation>
    </message>
    <message>
      <source>Sheet number</source>
      <translation>恢复单编号</translation>
    </message>
    <message>
      <source>To open a backup on a new computer: copy the backup file together with its .recovery file, then run: counterdesk store restore --profile NAME --recovery-code CODE FILE</source>
      <translation>在新电脑上打开备份：把备份文件连同同名的 .recovery 文件一起复制过去，然后运行：counterdesk store restore --profile 配置名称 --recovery-code 恢复码 备份文件</translation>
    </message>
  </context>
  <context>
    <name>ReportsView</name>
    <message>
      <source>%1 applications received in this period.</source>
      <translation>本期间共收件 %1 件。</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>已受理</translation>
    </message>
    <message>
      <source>Applications</source>
      <translation>办件数</translation>
    </message>
    <message>
      <source>Applications by clerk</source>
      <translation>各经办人办件数</translation>
    </message>
    <message>
      <source>Applications by status</source>
      <translation>各状态办件数</translation>
    </message>
    <message>
      <source>Applications received</source>
      <translation>收件数</translation>
    </message>
    <message>
      <source>Average acceptance → completion</source>
      <translation>平均受理至办结用时</translation>
    </message>
    <message>
      <source>Average receipt → acceptance</source>
      <translation>平均收件至受理用时</translation>
    </message>
    <message>
      <source>By clerk</source>
      <translation>按经办人</translation>
    </message>
    <message>
      <source>By item</source>
      <translation>按事项</translation>
    </message>
    <message>
      <source>By status</source>
      <translation>按状态</translation>
    </message>
    <message>
      <source>CSV file (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>Calendar time, averaged over the applications that reached both steps</source>
      <translation>按自然日计算，取两个环节都已完成的办件的平均值</translation>
    </message>
    <message>
      <source>Choose the dates, then press Show.</source>
      <translation>请选择日期，然后点击“查询”。</translation>
    </message>
    <message>
      <source>Clerk</source>
      <translation>经办人</translation>
    </message>
    <message>
      <source>Completed</source>
      <translation>已办结</translation>
    </message>
    <message>
      <source>Completed by the promised due date, among completed ones with a due date</source>
      <translation>在有办结期限的已办结办件中，于承诺期限内办结的比例</translation>
    </message>
    <message>
      <source>Compute the chosen period again with the latest data</source>
      <translation>用最新数据重新统计所选期间</translation>
    </message>
    <message>
      <source>Computing the report…</source>
      <translation>正在统计…</translation>
    </message>
    <message>
      <source>Could not save %1: %2</source>
      <translation>无法保存 %1：%2</translation>
    </message>
    <message>
      <source>Date range</source>
      <translation>指定日期</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>Export CSV…</source>
      <translation>导出 CSV…</translation>
    </message>
    <message>
      <source>Export XLSX…</source>
      <translation>导出 XLSX…</translation>
    </message>
    <message>
      <source>From</source>
      <translation>从</translation>
    </message>
    <message>
      <source>Nothing to export yet: show a report first.</source>
      <translation>暂无可导出的内容：请先查询报表。</translation>
    </message>
    <message>
      <source>On time against the promised limit</source>
      <translation>按时办结率</translation>
    </message>
    <message>
      <source>Others</source>
      <translation>其他</translation>
    </message>
    <message>
      <source>PDF document (*.pdf)</source>
      <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>统计期间</translation>
    </message>
    <message>
      <source>Print daily report</source>
      <translation>打印日报</translation>
    </message>
    <message>
      <source>Rating</source>
      <translation>评价</translation>
    </message>
    <message>
      <source>Ratings</source>
      <translation>好差评</translation>
    </message>
    <message>
      <source>Ratings (1–5)</source>
      <translation>好差评（1–5 分）</translation>
    </message>
    <message>
      <source>Ratings received</source>
      <translation>收到评价数</translation>
    </message>
    <message>
      <source>Save daily report as PDF…</source>
      <translation>将日报保存为 PDF…</translation>
    </message>
    <message>
      <source>Save report</source>
      <translation>保存报表</translation>
    </message>
    <message>
      <source>Saved %1</source>
      <translation>已保存 %1</translation>
    </message>
    <message>
      <source>Service item</source>
      <translation>办理事项</translation>
    </message>
    <message>
      <source>Share</source>
      <translation>占比</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>查询</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>This week</source>
      <translation>本周</translation>
    </message>
    <message>
      <source>To</source>
      <translation>至</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>今日</translation>
    </message>
  </context>
  <context>
    <name>RestoreConfirmDialog</name>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Restore from backup</source>
      <translation>从备份恢复</translation>
    </message>
    <message>
      <source>Type RESTORE (or 恢复)</source>
      <translation>请输入“恢复”（或 RESTORE）</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source> min</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>%1 (not found)</source>
      <translation>%1（未找到）</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
      <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Default printer</source>
      <translation>默认打印机</translation>
    </message>
    <message>
      <source>Extra CA bundle</source>
      <translation>附加 CA 证书</translation>
    </message>
    <message>
      <source>Greyed-out settings can be changed only by a supervisor (窗口负责人).</source>
      <translation>灰色的设置项只有窗口负责人可以修改。</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Lock after idle</source>
      <translation>无操作自动锁屏</translation>
    </message>
    <message>
      <source>Manual proxy</source>
      <translation>手动设置代理</translation>
    </message>
    <message>
      <source>No proxy</source>
      <translation>不使用代理</translation>
    </message>
    <message>
      <source>Nothing was saved.</source>
      <translation>未保存任何更改。</translation>
    </message>
    <message>
      <source>Platform address</source>
      <translation>平台地址</translation>
    </message>
    <message>
      <source>Printer</source>
      <translation>打印机</translation>
    </message>
    <message>
      <source>Proxy</source>
      <translation>代理</translation>
    </message>
    <message>
      <source>Proxy address</source>
      <translation>代理地址</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Sync every</source>
      <translation>同步间隔</translation>
    </message>
    <message>
      <source>System proxy</source>
      <translation>使用系统代理</translation>
    </message>
    <message>
      <source>The settings could not be saved: %1</source>
      <translation>设置无法保存：%1</translation>
    </message>
    <message>
      <source>https for the platform; plain http only for a demo platform on this computer</source>
      <translation>平台地址须使用 https；仅本机的演示平台可使用 http</translation>
    </message>
    <message>
      <source>none (the system's certificates only)</source>
      <translation>无（仅系统证书）</translation>
    </message>
  </context>
  <context>
    <name>SigningPanel</name>
    <message>
      <source>Applicant, please sign the receipt.</source>
      <translation>请申请人在收件凭证上签名。</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>清除</translation>
    </message>
    <message>
      <source>Sign on the pad</source>
      <translation>在签名板上签名</translation>
    </message>
    <message>
      <source>Signed.</source>
      <translation>已签名。</translation>
    </message>
    <message>
      <source>The pad failed; sign on the screen or on paper.</source>
      <translation>签名板故障，请在屏幕上或纸上签名。</translation>
    </message>
    <message>
      <source>Use the on-screen signature</source>
      <translation>使用屏幕签名</translation>
    </message>
    <message>
      <source>Waiting for the applicant to sign on the pad…</source>
      <translation>正在等待申请人在签名板上签名…</translation>
    </message>
  </context>
  <context>
    <name>SignoffDetail</name>
    <message>
      <source>(none given)</source>
      <translation>（未填写）</translation>
    </message>
    <message>
      <source>Clerk's reason</source>
      <translation>经办人理由</translation>
    </message>
    <message>
      <source>Materials received</source>
      <translation>已收材料</translation>
    </message>
    <message>
      <source>None received</source>
      <translation>未收材料</translation>
    </message>
    <message>
      <source>Proposed by</source>
      <translation>提出人</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>收件时间</translation>
    </message>
    <message>
      <source>Select a proposal to see its details.</source>
      <translation>选择一件拟不予受理的办件查看详情。</translation>
    </message>
    <message>
      <source>Service item</source>
      <translation>办理事项</translation>
    </message>
    <message>
      <source>copies %1</source>
      <translation>复印件 %1 份</translation>
    </message>
    <message>
      <source>originals %1</source>
      <translation>原件 %1 份</translation>
    </message>
    <message>
      <source>scanned</source>
      <translation>已扫描</translation>
    </message>
  </context>
  <context>
    <name>SignoffView</name>
    <message>
      <source>A return needs a comment: tell the clerk what to correct.</source>
      <translation>退回须填写意见：请告知经办人需要更正的内容。</translation>
    </message>
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
      <source>Materials</source>
      <translation>材料</translation>
    </message>
    <message>
      <source>No proposed rejections are waiting for your sign-off.</source>
      <translation>没有待您签批的拟不予受理办件。</translation>
    </message>
    <message>
      <source>Open the application from the queue to see it whole.</source>
      <translation>如需查看办件全部信息，请从办件队列中打开。</translation>
    </message>
    <message>
      <source>Receipt no.</source>
      <translation>收件编号</translation>
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
      <source>Returned to the clerk: %1</source>
      <translation>已退回经办人：%1</translation>
    </message>
    <message>
      <source>Select an application first.</source>
      <translation>请先选择办件。</translation>
    </message>
    <message>
      <source>Service item</source>
      <translation>办理事项</translation>
    </message>
    <message>
      <source>Showing the oldest %1 proposals; decide these to see more.</source>
      <translation>仅显示最早的 %1 件，处理完后可查看更多。</translation>
    </message>
    <message>
      <source>Sign off rejection</source>
      <translation>签批不予受理</translation>
    </message>
    <message>
      <source>Signed off %1: its rejection notice can now be printed.</source>
      <translation>已签批 %1：现在可以打印不予受理通知书。</translation>
    </message>
  </context>
  <context>
    <name>SupervisorLabels</name>
    <message>
      <source>(empty)</source>
      <translation>（空）</translation>
    </message>
    <message>
      <source>A value did not pass the platform's checks.</source>
      <translation>有值未通过平台校验。</translation>
    </message>
    <message>
      <source>Actions reached the platform out of order.</source>
      <translation>操作到达平台的顺序有误。</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Agent</source>
      <translation>代理人</translation>
    </message>
    <message>
      <source>Another application of the office has the same receipt number.</source>
      <translation>本单位另一件办件使用了相同的收件编号。</translation>
    </message>
    <message>
      <source>Applicant type</source>
      <translation>申请人类型</translation>
    </message>
    <message>
      <source>Applicant's name</source>
      <translation>申请人姓名</translation>
    </message>
    <message>
      <source>Certificate number</source>
      <translation>证件号码</translation>
    </message>
    <message>
      <source>Certificate type</source>
      <translation>证件类型</translation>
    </message>
    <message>
      <source>Check this computer's clock, then redo the action.</source>
      <translation>请检查本机时间，然后重新办理。</translation>
    </message>
    <message>
      <source>Clerk</source>
      <translation>经办人</translation>
    </message>
    <message>
      <source>Correct it with “Edit and submit”, or discard it.</source>
      <translation>请用“修改后提交”更正，或放弃此操作。</translation>
    </message>
    <message>
      <source>Correct the value with “Edit and submit”, or discard the action.</source>
      <translation>请用“修改后提交”更正该值，或放弃此操作。</translation>
    </message>
    <message>
      <source>Correct the value with “Edit and submit”.</source>
      <translation>请用“修改后提交”更正该值。</translation>
    </message>
    <message>
      <source>Date of birth</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <source>Discard this action and check the application with the back office.</source>
      <translation>请放弃此操作，并与后台核实该办件。</translation>
    </message>
    <message>
      <source>Discard this action; the other office handles the application.</source>
      <translation>请放弃此操作，该办件由其他单位办理。</translation>
    </message>
    <message>
      <source>Do not redo it on trust: check with the user named, then report it.</source>
      <translation>请勿直接重办：先向署名的经办人核实，再上报。</translation>
    </message>
    <message>
      <source>Have a current user redo the action if it is still needed.</source>
      <translation>如仍需要，请由在职人员重新办理。</translation>
    </message>
    <message>
      <source>Have a user with the right role redo it; discard this action.</source>
      <translation>请由具有相应角色的用户重新办理，并放弃此操作。</translation>
    </message>
    <message>
      <source>Have the user sign in online on this computer once and redo the action.</source>
      <translation>请该经办人在本机联网登录一次后重新办理。</translation>
    </message>
    <message>
      <source>Keep the platform's value, resubmit the local one, or edit a new one.</source>
      <translation>请保留平台数据、重新提交本机数据，或修改后提交。</translation>
    </message>
    <message>
      <source>Legal representative</source>
      <translation>法定代表人</translation>
    </message>
    <message>
      <source>Open the application, check its status on the platform and act again.</source>
      <translation>请打开办件，核对其在平台上的状态后重新操作。</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>办件状态</translation>
    </message>
    <message>
      <source>Sync again; if it stays, export diagnostics for support.</source>
      <translation>请重新同步；如仍出现，请导出诊断信息交技术支持。</translation>
    </message>
    <message>
      <source>Sync the catalog, then record the application under a current item.</source>
      <translation>请先同步事项目录，再按现行事项重新登记该办件。</translation>
    </message>
    <message>
      <source>The action carries no signature of the user who did it.</source>
      <translation>该操作没有经办人的签名。</translation>
    </message>
    <message>
      <source>The action's signature is not that user's: it may have been forged.</source>
      <translation>该操作的签名不属于署名的经办人，可能被伪造。</translation>
    </message>
    <message>
      <source>The action's time is impossible (in the future or before the user's key).</source>
      <translation>该操作的时间不可能（晚于当前或早于经办人密钥）。</translation>
    </message>
    <message>
      <source>The application belongs to another office.</source>
      <translation>该办件属于其他单位。</translation>
    </message>
    <message>
      <source>The data sent was malformed.</source>
      <translation>提交的数据格式不正确。</translation>
    </message>
    <message>
      <source>The office does not offer this service item on the platform.</source>
      <translation>本单位在平台上未开通该事项。</translation>
    </message>
    <message>
      <source>The platform has a different value: someone changed it meanwhile.</source>
      <translation>平台上的值不同：期间已有他人修改。</translation>
    </message>
    <message>
      <source>The platform has no such application.</source>
      <translation>平台上没有这件办件。</translation>
    </message>
    <message>
      <source>The platform refused the action (%1).</source>
      <translation>平台拒绝了此操作（%1）。</translation>
    </message>
    <message>
      <source>The status change is not allowed from the application's current status.</source>
      <translation>办件当前状态下不允许进行此状态变更。</translation>
    </message>
    <message>
      <source>The user did not hold this role at the time of the action.</source>
      <translation>经办人在操作时不具备该角色。</translation>
    </message>
    <message>
      <source>The user who did this may not do it on the platform (role or office).</source>
      <translation>操作人在平台上无权进行此操作（角色或单位不符）。</translation>
    </message>
    <message>
      <source>The user's signing key was revoked before this action.</source>
      <translation>经办人的签名密钥在此操作前已被吊销。</translation>
    </message>
    <message>
      <source>This happens after restoring an old backup: contact support.</source>
      <translation>恢复旧备份后会出现这种情况：请联系技术支持。</translation>
    </message>
    <message>
      <source>Whole action</source>
      <translation>整个操作</translation>
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
      <source>Devices and sync</source>
      <translation>设备与同步</translation>
    </message>
    <message>
      <source>Office queue</source>
      <translation>办件总览</translation>
    </message>
    <message>
      <source>Pending sign-offs</source>
      <translation>待签批</translation>
    </message>
    <message>
      <source>Reports</source>
      <translation>统计报表</translation>
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
      <source>Computer clock is %1 ahead of the platform: please correct it</source>
      <translation>电脑时钟比平台快 %1，请校准时间</translation>
    </message>
    <message>
      <source>Computer clock is %1 behind the platform: please correct it</source>
      <translation>电脑时钟比平台慢 %1，请校准时间</translation>
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
    <name>TicketReportView</name>
    <message>
      <source>Handling (min:s)</source>
      <translation>办理时长（分:秒）</translation>
    </message>
    <message>
      <source>Queue times</source>
      <translation>叫号时长</translation>
    </message>
    <message>
      <source>Receipt no.</source>
      <translation>收件编号</translation>
    </message>
    <message>
      <source>Ticket</source>
      <translation>排队号</translation>
    </message>
    <message>
      <source>Waiting (min:s)</source>
      <translation>等候时长（分:秒）</translation>
    </message>
  </context>
  <context>
    <name>Tools</name>
    <message>
      <source>CounterDesk</source>
      <translation>窗口通</translation>
    </message>
    <message>
      <source>Saved. Language, platform address, proxy and CA bundle changes take effect when CounterDesk starts again.</source>
      <translation>已保存。语言、平台地址、代理和 CA 证书的更改在重新启动窗口通后生效。</translation>
    </message>
    <message>
      <source>The backup was restored. The replaced database was kept as %1. CounterDesk closes now; start it again.</source>
      <translation>备份已恢复。被替换的数据库已保留为 %1。窗口通现在将关闭，请重新启动。</translation>
    </message>
  </context>
  <context>
    <name>ToolsMenu</name>
    <message>
      <source>&amp;Tools</source>
      <translation>工具(&amp;T)</translation>
    </message>
    <message>
      <source>Backup and restore…</source>
      <translation>备份与恢复…</translation>
    </message>
    <message>
      <source>Settings…</source>
      <translation>设置…</translation>
    </message>
  </context>
  <context>
    <name>UpgradePage</name>
    <message>
      <source>Database version %1 → %2, %3 applications. This happens once after an update.</source>
      <translation>数据库版本 %1 → %2，共 %3 件办件。更新后仅需进行一次。</translation>
    </message>
    <message>
      <source>Upgrading the database, do not switch off…</source>
      <translation>正在升级数据库，请勿关机…</translation>
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
